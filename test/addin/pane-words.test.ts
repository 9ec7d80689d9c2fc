/** The pane's words: the ones Microsoft and the console use, no English inside a sentence. */
import { describe, expect, it } from 'vitest';
import { ROLE_LABELS as PANE_ROLES, T } from '../../addin/pane/text.js';
import { ROLE_LABELS as CONSOLE_ROLES } from '../../service/console/labels.js';

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
});
