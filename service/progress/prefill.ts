/**
 * The sheet a progress round's **Chèn bảng** starts from: the plan rows the agency reports, plan
 * columns as the plan has them, answers carried forward from the plan's previous progress round
 * (so an agency only changes what moved), and, read-only, the rows it shares as another lead or a
 * partner, with what their reporter has said so far.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { type AgencyMatcher, type TableName, tableDef } from '../../domain/index.js';
import { periodOrder, progressRoundsOf } from '../rounds/manage.js';
import { periodOf, progressOf, type Round } from '../rounds/round.js';
import type { Cells } from '../sync/stored-row.js';
import { assertTableFitsRound, loadPlanRows, type PlanRow, type ProgressTable, sortPlanRows } from './plan-rows.js';

export type PrefillRow = { uid: string; section: string; code: string } & Cells;

export interface Prefill {
  agency: string;
  plan: string;
  /** The progress round the answers were carried forward from; null for the plan's first period. */
  previousRound: string | null;
  rows: PrefillRow[];
  /** Rows the agency shares but another agency reports: to read, not to send. */
  readOnly: PrefillRow[];
}

/** The plan's progress round just before this one (by period), or null. */
export async function previousProgressRound(db: Kysely<Database>, round: Round): Promise<Round | null> {
  const progress = progressOf(round);
  if (!progress) return null;
  const here = periodOrder(progress.period);
  const earlier = (await progressRoundsOf(db, progress.plan)).filter((r) => periodOrder(r.period!) < here);
  return earlier.at(-1) ?? null;
}

/** A round's live answers of a table, by uid, whoever sent them. */
export async function answersByUid(
  db: Kysely<Database>,
  roundId: string,
  table: TableName,
): Promise<Map<string, { agencyId: string; cells: Cells }>> {
  const rows = await db
    .selectFrom('sheet_rows')
    .select(['uid', 'agency_id', 'data'])
    .where('round_id', '=', roundId)
    .where('table_name', '=', table)
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.uid, { agencyId: r.agency_id, cells: r.data as Cells }]));
}

export async function prefillSheet(
  db: Kysely<Database>,
  round: Round,
  table: TableName,
  agencyId: string,
  matcher: AgencyMatcher,
): Promise<Prefill> {
  assertTableFitsRound(round, table);
  const progress = progressOf(round)!;
  const progressTable = table as ProgressTable;
  const def = tableDef(table, periodOf(round));
  const locked = def.columns.filter((c) => c.locked && c.key !== 'code').map((c) => c.key);
  const answers = def.columns.filter((c) => !c.locked).map((c) => c.key);
  const [plan, previous] = await Promise.all([
    loadPlanRows(db, progress.plan, progressTable, matcher),
    previousProgressRound(db, round),
  ]);
  const [before, now] = await Promise.all([
    previous ? answersByUid(db, previous.id, table) : new Map<string, { agencyId: string; cells: Cells }>(),
    answersByUid(db, round.id, table),
  ]);
  const build = (p: PlanRow, from: ReadonlyMap<string, { cells: Cells }>[]): PrefillRow => {
    const said = from.map((m) => m.get(p.uid)).find((a) => a !== undefined)?.cells;
    const row: PrefillRow = { uid: p.uid, section: p.section, code: p.code };
    for (const key of locked) row[key] = p.cells[key] ?? null;
    for (const key of answers) row[key] = said?.[key] ?? null;
    return row;
  };
  const sorted = sortPlanRows(round, progressTable, plan);
  return {
    agency: agencyId,
    plan: progress.plan,
    previousRound: previous?.id ?? null,
    rows: sorted.filter((p) => p.reporter === agencyId).map((p) => build(p, [before])),
    readOnly: sorted.filter((p) => p.involved.includes(agencyId)).map((p) => build(p, [now, before])),
  };
}
