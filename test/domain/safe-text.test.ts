import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AgencyMatcher,
  checkRows,
  findTextFault,
  hasHiddenMarks,
  hiddenMarksRefusal,
  mayHoldFaultyText,
  tableDef,
  textFault,
  withoutHiddenMarks,
} from '../../domain/index.js';
import { textFaultByPattern } from '../../domain/parse/safe-text.js';
import { appendix, registry } from '../support/fixtures.js';

describe('textFault', () => {
  it.each([
    ['Sở Y tế', null],
    ['Trung tâm Kiểm soát bệnh tật 😀', null],
    ['Sở\u0000 Y tế', 'nul'],
    ['Sở Y tế\ud800', 'surrogate'],
    ['\udc00Sở', 'surrogate'],
    ['\ud83d\ude00', null],
  ])('%j → %s', (text, fault) => {
    expect(textFault(text)).toBe(fault);
    expect(textFaultByPattern(text)).toBe(fault);
  });

  it('the native rule and the pattern agree on any UTF-16 text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d', '\ude00'),
            fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
          ),
        }),
        (s) => {
          expect(textFault(s)).toBe(textFaultByPattern(s));
        },
      ),
      { seed: 20261207, numRuns: 2000 },
    );
  });

  it('finds the first faulty string of a parsed body, with its path', () => {
    expect(findTextFault({ name: 'ok', aliases: ['SYT', 'S\u0000'] })).toEqual({
      path: ['aliases', '1'],
      fault: 'nul',
    });
    expect(findTextFault({ ok: ['a', { b: 1 }] })).toBeNull();
  });
});

describe('hidden marks in agency names', () => {
  const matcher = new AgencyMatcher(registry);
  const period = { from: 2026, to: 2030 };
  const rows = appendix('tasks');

  it('are stripped before the checks read the name, with a warning on the cell and the clean name as its suggestion', () => {
    const changed = rows.map((r) => ({ ...r }));
    const i = changed.findIndex((r) => r.lead === 'Sở Y tế');
    // A zero-width space inside the name and a right-to-left override before it, as pasted from a web page.
    changed[i]!.lead = '\u202eSở Y\u200b tế';
    const clean = checkRows({ def: tableDef('tasks'), period, matcher }, rows);
    const checked = checkRows({ def: tableDef('tasks'), period, matcher }, changed);
    const extra = checked.findings.filter((f) => !clean.findings.some((g) => JSON.stringify(g) === JSON.stringify(f)));
    expect(extra).toEqual([
      {
        row: i + 1,
        column: { key: 'lead', header: 'Cơ quan chủ trì' },
        code: 'hidden_characters',
        severity: 'warning',
        message:
          'Ô «Cơ quan chủ trì» có ký tự ẩn (ký tự đổi chiều chữ hoặc ký tự độ rộng bằng 0), thường lẫn vào khi sao chép; hệ thống đã bỏ các ký tự này và đọc tên là «Sở Y tế».',
        suggestion: 'Sở Y tế',
      },
    ]);
    expect(checked.rows[i]!.lead).toBe('Sở Y tế');
    expect(checked.facts[i]!.agencies.lead).toEqual(clean.facts[i]!.agencies.lead);
    // Rows without a hidden mark are the very objects given; the caller's rows are untouched.
    expect(checked.rows[i + 1]).toBe(changed[i + 1]);
    expect(changed[i]!.lead).toBe('\u202eSở Y\u200b tế');
  });

  it.each(
    ['\u200b', '\u200c', '\u200d', '\ufeff', '\u202a', '\u202e', '\u2066', '\u2069'].map((m) => [
      m.charCodeAt(0).toString(16).toUpperCase(),
      m,
    ]),
  )('U+%s is a hidden mark, found raw or escaped in a body', (_code, mark) => {
    expect(hasHiddenMarks(`Sở${mark} Y tế`)).toBe(true);
    expect(withoutHiddenMarks(`Sở${mark} Y tế`)).toBe('Sở Y tế');
    expect(mayHoldFaultyText(JSON.stringify({ lead: `Sở${mark}` }))).toBe(true);
    expect(mayHoldFaultyText(`{"lead":"S\\u${mark.charCodeAt(0).toString(16)}"}`)).toBe(true);
  });

  it('leave the names of the sources alone', () => {
    for (const table of ['targets', 'tasks', 'budget'] as const)
      for (const r of appendix(table)) for (const v of Object.values(r)) expect(hasHiddenMarks(String(v))).toBe(false);
    expect(hiddenMarksRefusal('Tên gọi khác', 'SYT')).toBeNull();
    expect(hiddenMarksRefusal('Tên gọi khác', 'S\u200bYT')).toBe(
      'Tên gọi khác «SYT» có ký tự ẩn (ký tự đổi chiều chữ hoặc ký tự độ rộng bằng 0), thường lẫn vào khi sao chép. Hãy gõ lại tên rồi lưu.',
    );
  });
});
