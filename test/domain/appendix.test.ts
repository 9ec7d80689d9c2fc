import { describe, expect, it } from 'vitest';
import { AgencyMatcher, checkRows, type Finding, tableDef, validateTable } from '../../domain/index.js';
import { appendix, priorities002, registry, rowIndex } from '../support/fixtures.js';

const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');
/** Orders codes as the findings of `found` are ordered (by row). */
const byRow = (found: Finding[]) => (a: string, b: string) =>
  found.findIndex((f) => f.code === a && f.severity === 'error') -
  found.findIndex((f) => f.code === b && f.severity === 'error');
const matcher = new AgencyMatcher(registry);
const period = { from: 2026, to: 2030 };

describe('Phụ lục III of plan 003 (budget)', () => {
  const rows = appendix('budget');

  it('has no error but the two real mistakes of the source', () => {
    const report = validateTable(rows, { table: 'budget', registry });
    const found = errors(report.findings).map((f) => ({
      code: f.code,
      tt: rows[f.row - 1]!.code,
      column: f.column?.key,
      suggestion: f.suggestion,
    }));
    expect(found).toEqual([
      // Section I/B item 7: lead cell empty, "Công an tỉnh" glued to the task name.
      { code: 'required', tt: '7', column: 'lead', suggestion: 'Công an tỉnh' },
      // Section I repeats sub-section "B"; the third one should be "C".
      { code: 'numbering', tt: 'B', column: 'code', suggestion: 'C' },
    ]);
  });

  it('adds up to the totals the plan states in its text', () => {
    const { totals } = checkRows({ def: tableDef('budget'), period, matcher }, rows);
    // Figures from the plan's section IV "Kinh phí", not from the table.
    expect(totals.grand).toEqual({
      total: 9_615_243,
      y2026: 1_625_520,
      y2027: 2_230_820,
      y2028: 2_417_820,
      y2029: 2_012_563,
      y2030: 1_328_520,
    });
  });

  it('catches a changed yearly amount twice: on the row and on the grand total', () => {
    const changed = rows.map((r) => ({ ...r }));
    const i = rowIndex(changed, '1', 'A'); // 4G/5G, 2.073.000 = 5 × 414.600
    changed[i]!.y2027 = '424.600';
    const report = validateTable(changed, { table: 'budget', registry });
    const sum = report.findings.find((f) => f.code === 'sum_mismatch')!;
    expect(sum.row).toBe(i + 1);
    expect(sum.message).toContain('2.073.000');
    expect(sum.message).toContain('2.083.000');
    expect(sum.suggestion).toBe('2083000');
    const grand = report.findings.filter((f) => f.code === 'total_mismatch');
    expect(grand.map((f) => f.column?.key)).toEqual(['y2027']);
    expect(grand[0]!.suggestion).toBe(String(2_230_820 + 10_000));
  });

  it('refuses malformed and negative amounts with a reason', () => {
    const changed = rows.map((r) => ({ ...r }));
    const i = rowIndex(changed, '2', 'A');
    changed[i]!.y2027 = '12.34.5';
    changed[i + 1]!.y2026 = '-30.000';
    const found = validateTable(changed, { table: 'budget', registry }).findings;
    expect(found.find((f) => f.row === i + 1 && f.code === 'type')?.message).toContain('12.34.5');
    expect(found.some((f) => f.row === i + 2 && f.code === 'negative_amount' && f.severity === 'error')).toBe(true);
  });

  it('reports an amount it cannot read once, on its cell: the totals over it are not checked, and say why', () => {
    const changed = rows.map((r) => ({ ...r }));
    const i = rowIndex(changed, '1', 'A'); // 4G/5G: Năm 2027 is 414.600
    expect(changed[i]!.y2027).toBe('414.600');
    changed[i]!.y2027 = '1.2345';
    const found = validateTable(changed, { table: 'budget', registry }).findings;
    const unread = found.filter((f) => f.row === i + 1);
    expect(unread.map((f) => [f.code, f.column?.key])).toEqual([['type', 'y2027']]);
    expect(unread[0]!.message).toContain('1.2345');
    // The same two source mistakes as the plan itself has, and the unreadable cell: no total called wrong.
    expect(errors(found).map((f) => f.code)).toEqual(['required', 'type', 'numbering'].sort(byRow(found)));
    expect(found.filter((f) => f.code === 'total_mismatch')).toEqual([]);
    const unchecked = found.filter((f) => f.code === 'total_unchecked');
    // Only the grand-total row states amounts in this appendix (its section rows leave them empty).
    expect(unchecked.map((f) => [changed[f.row - 1]!.code ?? '', f.column?.key, f.severity])).toEqual([
      ['', 'y2027', 'warning'],
    ]);
    expect(unchecked[0]!.message).toBe(
      `Chưa đối chiếu được «Năm 2027» của dòng tổng cộng vì ô «Năm 2027» ở dòng ${i + 1} (TT 1) không đọc được số. Sửa ô đó rồi kiểm tra lại.`,
    );
    // A section row that states its year is held back the same way.
    const a = changed.findIndex((r) => r.code === 'A');
    changed[a]!.y2027 = '999';
    const withSection = validateTable(changed, { table: 'budget', registry }).findings;
    expect(withSection.filter((f) => f.code === 'total_mismatch')).toEqual([]);
    expect(withSection.find((f) => f.code === 'total_unchecked' && f.row === a + 1)?.message).toContain(
      'Chưa đối chiếu được «Năm 2027» của dòng A vì ô «Năm 2027»',
    );
    changed[a]!.y2027 = '';
    // The other years are still compared: a wrong one is still an error.
    changed[i]!.y2028 = '424.600';
    const both = validateTable(changed, { table: 'budget', registry }).findings;
    expect(both.filter((f) => f.code === 'total_mismatch').map((f) => f.column?.key)).toEqual(['y2028']);
  });

  it('suggests the sum of the years when the total is missing', () => {
    const changed = rows.map((r) => ({ ...r }));
    const i = rowIndex(changed, '2', 'A');
    changed[i]!.total = '';
    const f = validateTable(changed, { table: 'budget', registry }).findings.find(
      (x) => x.row === i + 1 && x.code === 'required',
    );
    expect(f?.suggestion).toBe('100000');
  });

  it('works for another plan period, with its own year columns', () => {
    const def = tableDef('budget', { from: 2021, to: 2025 });
    expect(def.columns.map((c) => c.header).slice(4)).toEqual([
      'Nhu cầu vốn giai đoạn 2021 - 2025',
      'Năm 2021',
      'Năm 2022',
      'Năm 2023',
      'Năm 2024',
      'Năm 2025',
    ]);
    const shifted = rows.map((r) => {
      const out: Record<string, string> = {
        code: r.code ?? '',
        name: r.name ?? '',
        lead: r.lead ?? '',
        partners: r.partners ?? '',
        total: r.total ?? '',
      };
      for (let k = 0; k < 5; k++) out[`y${2021 + k}`] = r[`y${2026 + k}`] ?? '';
      return out;
    });
    shifted[0] = Object.fromEntries(def.columns.map((c, k) => [c.key, String(k + 1)]));
    const report = validateTable(shifted, { table: 'budget', registry, period: { from: 2021, to: 2025 } });
    expect(errors(report.findings).map((f) => f.code)).toEqual(['required', 'numbering']);
  });
});

describe('Phụ lục II of plan 003 (tasks)', () => {
  const rows = appendix('tasks');
  const report = validateTable(rows, { table: 'tasks', registry });

  it('has no error, and warns of the gap in section X (2.1 then 2.3)', () => {
    expect(errors(report.findings)).toEqual([]);
    const gaps = report.findings.filter((f) => f.code === 'numbering');
    expect(gaps).toHaveLength(1);
    expect(rows[gaps[0]!.row - 1]!.code).toBe('2.3');
    expect(gaps[0]!.suggestion).toBe('2.2');
  });

  it('warns where the lead agency is also listed as a partner', () => {
    const rowsWith = report.findings.filter((f) => f.code === 'lead_in_partners').map((f) => rows[f.row - 1]!.code);
    expect(rowsWith).toEqual(['1', '3', '4.3', '4.5', '1.5', '2.3', '4.2']);
    const iv1 = report.findings.find((f) => f.code === 'lead_in_partners')!;
    expect(iv1.suggestion).toBe('Sở GD&ĐT; các sở, ngành liên quan');
  });

  it('reads every time frame of the table', () => {
    expect(report.findings.filter((f) => f.code === 'timeframe')).toEqual([]);
  });

  it('suggests the full name for an abbreviation, and nothing for a spelling variant', () => {
    const i = rows.findIndex((r) => r.lead === 'Sở KH&CN');
    const alias = report.findings.find((f) => f.row === i + 1 && f.code === 'agency_alias' && f.column?.key === 'lead');
    expect(alias?.suggestion).toBe('Sở Khoa học và Công nghệ');
    const variant = rows.map((r) => ({ ...r }));
    variant[i]!.lead = 'Sở Khoa Học và Công Nghệ'.normalize('NFD');
    const again = validateTable(variant, { table: 'tasks', registry }).findings;
    expect(again.some((f) => f.row === i + 1 && f.column?.key === 'lead')).toBe(false);
  });

  it('flags an unknown lead as an error with the nearest names', () => {
    const changed = rows.map((r) => ({ ...r }));
    const i = rows.findIndex((r) => r.lead === 'Sở Khoa học và Công nghệ');
    changed[i]!.lead = 'Sở Khoa hoc Cong nghe';
    const f = validateTable(changed, { table: 'tasks', registry }).findings.find(
      (x) => x.row === i + 1 && x.code === 'unknown_agency',
    )!;
    expect(f.severity).toBe('error');
    expect(f.suggestion).toBe('Sở Khoa học và Công nghệ');
  });

  it('warns of an unreadable or out-of-period time frame and of a repeated row', () => {
    const changed = rows.map((r) => ({ ...r }));
    const i = rows.findIndex((r) => r.timeframe === 'Quý I/2026');
    changed[i]!.timeframe = 'sớm nhất có thể';
    changed[i + 1]!.timeframe = 'Năm 2032';
    changed.splice(i + 3, 0, { ...changed[i + 2]! });
    const found = validateTable(changed, { table: 'tasks', registry }).findings;
    expect(found.some((f) => f.row === i + 1 && f.code === 'timeframe' && f.column?.key === 'timeframe')).toBe(true);
    expect(found.some((f) => f.row === i + 2 && f.code === 'timeframe_out_of_period')).toBe(true);
    expect(found.some((f) => f.row === i + 4 && f.code === 'duplicate_row')).toBe(true);
    expect(found.some((f) => f.row === i + 4 && f.code === 'numbering' && f.severity === 'error')).toBe(true);
  });
});

describe('Phụ lục I of plan 003 (targets)', () => {
  it('reports only the real empty cells: III.6 has no unit, V.5 neither unit nor target', () => {
    const rows = appendix('targets');
    const found = errors(validateTable(rows, { table: 'targets', registry }).findings);
    expect(found.map((f) => `${rows[f.row - 1]!.code}:${f.column?.key}`)).toEqual(['6:unit', '5:unit', '5:target']);
  });

  it('reads "Các Sở: Tài chính; Công Thương; …" as those departments', () => {
    const list = matcher.matchList(
      'Các Sở: Tài chính; Công Thương; Xây dựng; Văn hóa, Thể thao và Du lịch, Nông nghiệp và Môi trường; Thống kê tỉnh',
    );
    expect(list.map((m) => (m.via === 'unknown' ? `?${m.raw}` : m.agency.name))).toEqual([
      'Sở Tài chính',
      'Sở Công Thương',
      'Sở Xây dựng',
      'Sở Văn hóa, Thể thao và Du lịch',
      'Sở Nông nghiệp và Môi trường',
      'Thống kê tỉnh',
    ]);
  });
});

describe('the 002 list of tasks to do now (priorities)', () => {
  it('warns where a document belongs to another body than its proposer', () => {
    const rows = priorities002();
    const report = validateTable(rows, { table: 'priorities', registry });
    expect(errors(report.findings)).toEqual([]);
    const flagged = report.findings.filter((f) => f.code === 'document_issuer').map((f) => rows[f.row - 1]!.code);
    // 4: UBND xã Mậu A cites a Party committee letter; 6: a steering committee's report;
    // 10: "SGDDĐT" is misspelt; 14–19: the mass organisations cite the Fatherland Front's letter.
    expect(flagged).toEqual(['4', '6', '10', '14', '15', '16', '18', '19']);
  });
});
