/** Exact copies of a data row are reported against the first row they copy. */
import { expect, it } from 'vitest';
import { messages, validateTable } from '../../domain/index.js';
import { registry } from '../support/fixtures.js';

it('reports a row that repeats an earlier data row, names compared without surrounding spaces', () => {
  const task = (code: string, name: unknown, lead = 'Sở Tài chính') => ({ code, name, lead, timeframe: '2026-2030' });
  const rows = [
    { code: 'I', name: 'MỤC MỘT' },
    task('1', 'Số hóa hồ sơ'),
    task('2', 'Số hóa hồ sơ', 'Sở Nội vụ'), // same name, another lead: not a copy
    task('3', ' Số hóa hồ sơ '), // a copy of row 2 (1-based), spaces aside
    task('4', 'Số hóa hồ sơ', 'Sở Nội vụ'), // a copy of row 3
    { code: 'II', name: 'MỤC MỘT' }, // headings are not data rows
    task('1', 7), // a name that is not text takes no part
    task('2', 7),
    task('3', '   '),
    task('4', '   '),
  ];
  const duplicates = validateTable(rows, { table: 'tasks', registry }).findings.filter(
    (f) => f.code === 'duplicate_row',
  );
  expect(duplicates.map((f) => [f.row, f.message])).toEqual([
    [4, messages.duplicateRow(2)],
    [5, messages.duplicateRow(3)],
  ]);
});
