/**
 * One registry (so one matcher and its memos) serves every table: findings on the same agency
 * text must still name the column as the table being checked calls it.
 */
import { expect, it } from 'vitest';
import { tableDef, validateTable } from '../../domain/index.js';
import { appendix, registry } from '../support/fixtures.js';

const header = (table: 'tasks' | 'budget', key: string) => tableDef(table).columns.find((c) => c.key === key)!.header;

it("names each table's own column in agency findings, whichever table met the text first", () => {
  const edit = (table: 'tasks' | 'budget') => {
    const rows = appendix(table).map((r) => ({ ...r }));
    const item = rows.find((r) => /^\d+$/.test(String(r.code ?? '')) && r.lead)!;
    item.lead = 'Sở KH&CN';
    item.partners = 'Sở Khoa học và Công nghệ; Sở Tài chính';
    return rows;
  };
  expect(header('tasks', 'lead')).not.toBe(header('budget', 'lead'));
  for (const order of [
    ['budget', 'tasks'],
    ['tasks', 'budget'],
  ] as const) {
    for (const table of order) {
      const findings = validateTable(edit(table), { table, registry }).findings;
      const alias = findings.find((f) => f.code === 'agency_alias' && f.column?.key === 'lead');
      expect(alias?.column?.header, `${table} after ${order[0]}`).toBe(header(table, 'lead'));
      expect(alias?.suggestion).toBe('Sở Khoa học và Công nghệ');
      const both = findings.find((f) => f.code === 'lead_in_partners');
      expect(both?.column?.header, `${table} after ${order[0]}`).toBe(header(table, 'partners'));
    }
  }
});
