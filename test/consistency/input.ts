/** Inputs for computeFlags built from the real round, and small look-ups the tests share. */
import {
  type ConsistencyInput,
  DEFAULT_PERIOD,
  type DeclaredTotals,
  type Flag,
  type FlagCode,
  type SheetRowRecord,
} from '../../domain/index.js';
import { agencyName, matcher } from './real-rows.js';

/** The totals the text of plan 003 declares (Phần kinh phí, lines 446–458). */
export const PLAN_TOTALS: DeclaredTotals = {
  grand: 9_615_243,
  years: { '2026': 1_625_520, '2027': 2_230_820, '2028': 2_417_820, '2029': 2_012_563, '2030': 1_328_520 },
  sources: { provincial: 5_966_098, central: 576_145, non_state: 3_073_000 },
};

export function inputOf(rows: readonly SheetRowRecord[], extra: Partial<ConsistencyInput> = {}): ConsistencyInput {
  return {
    rows: [...rows],
    matcher,
    period: DEFAULT_PERIOD,
    declaredTotals: null,
    expectedAgencies: [],
    lastSyncByAgency: {},
    dueDate: null,
    now: new Date('2026-04-01T03:00:00Z'),
    agencyName,
    ...extra,
  };
}

export const withCode = (flags: readonly Flag[], code: FlagCode) => flags.filter((f) => f.code === code);

/** The row of a table at a section and number ("IV", "12"). */
export function rowAt(
  rows: readonly SheetRowRecord[],
  table: SheetRowRecord['table'],
  section: string,
  code: string,
): SheetRowRecord {
  const row = rows.find((r) => r.table === table && r.section === section && r.code === code);
  if (!row) throw new Error(`no ${table} row at ${section} ${code}`);
  return row;
}

/** "IV 12" for each row of a flag, sorted, to compare with what a person reads in the plan. */
export const places = (flag: Flag) => flag.rows.map((r) => `${r.table} ${r.section} ${r.code}`).sort();
