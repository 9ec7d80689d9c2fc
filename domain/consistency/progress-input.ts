/**
 * What the progress rules of a progress round read (ConsistencyInput.progress): the plan round's
 * rows with the agency that reports each, this period's answers and the previous periods', and
 * when each agency first sent its report. The service reads them; the rules stay pure.
 */
import { z } from 'zod';
import { parseVnNumber } from '../parse/number.js';
import { periodRange, periodSchema, vnDate } from '../progress/period.js';
import type { SheetRowRecord } from '../round.js';
import { sheetRowRecordSchema } from './row-schema.js';

/** A row of the plan round as a progress round reports on it. */
export const progressPlanRowSchema = z.object({
  uid: z.string(),
  section: z.string(),
  code: z.string(),
  /** The one agency that reports the row's progress (service/progress/plan-rows.ts). */
  reporter: z.string(),
  cells: sheetRowRecordSchema.shape.cells,
});
export type ProgressPlanRow = z.infer<typeof progressPlanRowSchema>;

export const progressFlagInputSchema = z.object({
  /** The round's reporting period. */
  period: periodSchema,
  /** The plan's task rows (Phụ lục II), target rows (Phụ lục I) and budget lines (Phụ lục III). */
  tasks: z.array(progressPlanRowSchema),
  targets: z.array(progressPlanRowSchema),
  budget: z.array(progressPlanRowSchema),
  /** The plan's declared budget for the period's year (triệu đồng); null when it declares none. */
  yearPlan: z.number().nullable(),
  /**
   * The live answers (`progress` and `target-progress` rows, uid = the plan row's uid) of this
   * period first, then of the plan's earlier periods, latest first.
   */
  periods: z.array(z.object({ period: periodSchema, rows: z.array(sheetRowRecordSchema) })).min(1),
  /** Agency id → ISO time of its first sync of this round's progress sheets. */
  firstSyncByAgency: z.record(z.string(), z.string()),
});
export type ProgressFlagInput = z.infer<typeof progressFlagInputSchema>;

/** One period's answers of a table, by the plan row's uid. */
export function answersOf(
  input: ProgressFlagInput,
  periodsBack: number,
  table: 'progress' | 'target-progress',
): ReadonlyMap<string, SheetRowRecord> {
  const rows = input.periods[periodsBack]?.rows ?? [];
  return new Map(rows.filter((r) => r.table === table).map((r) => [r.uid, r]));
}

/** The day a period's statuses are judged on: today, but no later than the period's last day. */
export function judgedDay(input: ProgressFlagInput, now: Date): string {
  // ISO days: the earlier sorts first.
  return [vnDate(now), periodRange(input.period).to].sort()[0]!;
}

/** A number typed in a cell (blank or unreadable: null). */
export function cellNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v === null || v === undefined || String(v).trim() === '') return null;
  const read = parseVnNumber(v);
  return read.ok ? read.value : null;
}

/** A plan row as a flag names it when its agency has sent no answer: the row of the progress table it stands for. */
export function standIn(row: ProgressPlanRow, table: 'progress' | 'target-progress'): SheetRowRecord {
  return {
    table,
    uid: row.uid,
    agencyId: row.reporter,
    section: row.section,
    code: row.code,
    cells: row.cells,
    rowHash: '',
  };
}
