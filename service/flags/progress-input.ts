/**
 * The context the progress rules read (ConsistencyInput.progress), read for a progress round:
 * its plan's rows with who reports each (service/progress/plan-rows.ts), the answers of this
 * period and of the two periods of the same kind before it (stale_report looks three periods
 * back), and when each agency first sent a progress sheet of the round.
 *
 * A sync's flags are worked out before its rows are written (refresh.ts): the sheets it syncs
 * are then taken as they are sent, in place of what the database still holds for them.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import {
  type AgencyMatcher,
  type ProgressFlagInput,
  type ProgressPlanRow,
  type SheetRowRecord,
  STALE_PERIODS,
} from '../../domain/index.js';
import { firstProgressSyncs } from '../progress/first-syncs.js';
import { loadPlanRows, type PlanRow, PROGRESS_TABLES } from '../progress/plan-rows.js';
import { periodOrder, progressRoundsOf } from '../rounds/manage.js';
import { getRound, progressOf, type Round } from '../rounds/round.js';
import { toRecord } from '../sync/stored-row.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A sheet a sync is writing: its live rows as sent. */
export interface SyncedProgressSheet {
  table: string;
  agencyId: string;
  rows: readonly SheetRowRecord[];
}

const planRow = (p: PlanRow): ProgressPlanRow => ({
  uid: p.uid,
  section: p.section,
  code: p.code,
  reporter: p.reporter,
  cells: p.cells as ProgressPlanRow['cells'],
});

async function answers(db: Db, roundId: string): Promise<SheetRowRecord[]> {
  const rows = await db
    .selectFrom('sheet_rows')
    .select(['table_name', 'uid', 'agency_id', 'section', 'code', 'data', 'row_hash'])
    .where('round_id', '=', roundId)
    .where('table_name', 'in', [...PROGRESS_TABLES])
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => toRecord(r.table_name as (typeof PROGRESS_TABLES)[number], r));
}

/** When each agency first sent a progress report in the round. */
async function firstSyncs(db: Db, roundId: string): Promise<Record<string, string>> {
  const first = await firstProgressSyncs(db, [roundId]);
  return Object.fromEntries([...first].map(([key, at]) => [key.slice(roundId.length + 1), at.toISOString()]));
}

/**
 * The progress rules' context of a round, or undefined for a plan round.
 *
 * @example
 * const progress = await progressFlagInput(trx, round, matcher, synced, now);
 */
export async function progressFlagInput(
  db: Db,
  round: Round,
  matcher: AgencyMatcher,
  synced: readonly SyncedProgressSheet[],
  now: Date,
): Promise<ProgressFlagInput | undefined> {
  const progress = progressOf(round);
  if (!progress) return undefined;
  const here = periodOrder(progress.period);
  const [plan, rounds, tasks, targets, budget, first] = await Promise.all([
    getRound(db as Kysely<Database>, progress.plan),
    progressRoundsOf(db as Kysely<Database>, progress.plan),
    loadPlanRows(db as Kysely<Database>, progress.plan, 'progress', matcher),
    loadPlanRows(db as Kysely<Database>, progress.plan, 'target-progress', matcher),
    db
      .selectFrom('sheet_rows')
      .select(['uid', 'agency_id', 'section', 'code', 'data'])
      .where('round_id', '=', progress.plan)
      .where('table_name', '=', 'budget')
      .where('deleted_at', 'is', null)
      .execute(),
    firstSyncs(db, round.id),
  ]);
  const earlier = rounds
    .filter((r) => r.id !== round.id && r.period?.kind === progress.period.kind && periodOrder(r.period) < here)
    .slice(-(STALE_PERIODS - 1))
    .reverse();
  const [current, ...before] = await Promise.all([round, ...earlier].map((r) => answers(db, r.id)));
  // The sheets being synced, as sent.
  const sent = new Set(synced.map((s) => `${s.table}\u0000${s.agencyId}`));
  const thisPeriod = [
    ...current!.filter((r) => !sent.has(`${r.table}\u0000${r.agencyId}`)),
    ...synced.filter((s) => (PROGRESS_TABLES as readonly string[]).includes(s.table)).flatMap((s) => s.rows),
  ];
  for (const s of synced)
    if (s.rows.length > 0 && (PROGRESS_TABLES as readonly string[]).includes(s.table))
      first[s.agencyId] ??= now.toISOString();
  return {
    period: progress.period,
    tasks: tasks.map(planRow),
    targets: targets.map(planRow),
    budget: budget.map((b) => ({
      uid: b.uid,
      section: b.section,
      code: b.code,
      reporter: b.agency_id,
      cells: b.data as ProgressPlanRow['cells'],
    })),
    yearPlan: plan.declaredTotals?.years?.[String(progress.period.year)] ?? null,
    periods: [
      { period: progress.period, rows: thisPeriod },
      ...earlier.map((r, i) => ({ period: r.period!, rows: before[i]! })),
    ],
    firstSyncByAgency: first,
  };
}
