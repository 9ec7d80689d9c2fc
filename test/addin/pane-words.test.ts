/** The pane's words: the ones Microsoft and the console use, no English inside a sentence. */
import { describe, expect, it } from 'vitest';
import { ROLE_LABELS as PANE_ROLES, T } from '../../addin/pane/text.js';
import { tableDef, validateTable } from '../../domain/index.js';
import { ROLE_LABELS as CONSOLE_ROLES } from '../../service/console/labels.js';
import { appendix, registry } from '../support/fixtures.js';

// Every sentence, with sample arguments; a few take a date and are called with one.
const sentences = Object.values(T).map((v) => {
  if (typeof v !== 'function') return v;
  const f = v as (...a: unknown[]) => string;
  for (const args of [['«x»', 2997, 1, 1], [1, '2026-12-07T08:00:00Z'], [['«x»']]]) {
    try {
      return f(...args);
    } catch {}
  }
  throw new Error(`no sample arguments for ${f.name}`);
});

describe('the pane’s words', () => {
  it('says «sổ làm việc» and «ngăn tác vụ», as Excel in Vietnamese does', () => {
    const all = sentences.join('\n');
    expect(all).not.toMatch(/sổ tính|bảng điều khiển/i);
    expect(T.pendingElsewhere(1)).toContain('sổ làm việc khác');
    expect(T.notDurable).toContain('ngăn tác vụ');
  });

  it('names roles as the console does', () => {
    expect(PANE_ROLES).toEqual(CONSOLE_ROLES);
  });

  it('groups thousands in every count', () => {
    expect(T.checkedClean(2997)).toBe('Đã kiểm tra 2.997 dòng: không có lỗi.');
  });

  it('writes a suggested amount as the sheet shows it, and a code as it is', () => {
    expect(T.apply('1200', 'total')).toBe('Sửa thành «1.200»');
    expect(T.apply('2.10', 'code')).toBe('Sửa thành «2.10»');
    expect(T.apply('Sở Y tế', 'lead')).toBe('Sửa thành «Sở Y tế»');
  });

  it('says what a suggestion that takes the lead out of the partners, or empties a cell, does', () => {
    // Row 1 of Phụ lục II (plan 003) lists its lead among its partners.
    const rows = appendix('tasks');
    const found = validateTable(rows, { table: 'tasks', registry }).findings.find(
      (f) => f.code === 'lead_in_partners',
    )!;
    const header = found.column!.header;
    expect(header).toBe(tableDef('tasks').columns.find((c) => c.key === 'partners')!.header);
    expect(T.apply(found.suggestion!, found.column!.key, found.code, header)).toBe(
      `Bỏ cơ quan chủ trì khỏi «${header}»`,
    );
    // The partners held only the lead: the old button read «Sửa thành «»».
    expect(T.apply('', 'partners', 'lead_in_partners', header)).not.toContain('«»');
    expect(T.apply('', 'note')).toBe('Xóa nội dung ô');
  });
});
