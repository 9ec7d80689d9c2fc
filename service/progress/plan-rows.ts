/**
 * A progress round reports on its plan round's rows: the `progress` table on the plan's `tasks`,
 * `target-progress` on its `targets`. Each plan row is reported by one agency, its reporter (the
 * first agency its lead cell names, or the agency whose sheet holds it when the lead is a group
 * or unknown); the other leads and the partners see it read-only. Sync, pre-fill and the merged
 * report all read who reports what from here.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import {
  type AgencyMatcher,
  type Finding,
  finding,
  lockedCellChanges,
  type TableName,
  tableDef,
} from '../../domain/index.js';
import { ApiError } from '../errors.js';
import type { RegistryStore } from '../registry-store.js';
import { periodOf, progressOf, type Round } from '../rounds/round.js';
import type { Cells } from '../sync/stored-row.js';

export const PROGRESS_TABLES = ['progress', 'target-progress'] as const satisfies readonly TableName[];
export type ProgressTable = (typeof PROGRESS_TABLES)[number];

/** The plan table a progress table reports on. */
export const PLAN_TABLE_OF: Record<ProgressTable, TableName> = { progress: 'tasks', 'target-progress': 'targets' };

export const isProgressTable = (table: TableName): table is ProgressTable =>
  (PROGRESS_TABLES as readonly string[]).includes(table);

export interface PlanRow {
  uid: string;
  section: string;
  code: string;
  cells: Cells;
  /** The agency whose plan sheet holds the row. */
  owner: string;
  /** The one agency that reports its progress. */
  reporter: string;
  /** Other leads and the partners: they see the row, read-only. */
  involved: string[];
}

/** The round takes this table: progress tables in progress rounds, plan tables in plan rounds (422 otherwise). */
export function assertTableFitsRound(round: Round, table: TableName): void {
  const progress = isProgressTable(table);
  if (round.kind === 'progress' && !progress)
    throw new ApiError(
      'validation_failed',
      `Đợt «${round.name}» là đợt báo cáo tiến độ: chỉ nhận bảng «${tableDef('progress').title}» và «${tableDef('target-progress').title}», không nhận bảng «${tableDef(table).title}» của kế hoạch.`,
      { table, roundKind: round.kind },
    );
  if (round.kind === 'plan' && progress)
    throw new ApiError(
      'validation_failed',
      `Đợt «${round.name}» là đợt xây dựng kế hoạch: bảng «${tableDef(table).title}» chỉ gửi trong đợt báo cáo tiến độ.`,
      { table, roundKind: round.kind },
    );
}

const realAgencies = (matcher: AgencyMatcher, cell: unknown): string[] =>
  typeof cell === 'string' && cell.trim() !== ''
    ? matcher
        .matchList(cell)
        .flatMap((m) =>
          m.via === 'unknown' || m.agency.kind === 'group' || m.agency.kind === 'enterprise' ? [] : [m.agency.id],
        )
    : [];

/** The plan round's live rows of the table a progress table reports on, with who reports each. */
export async function loadPlanRows(
  db: Kysely<Database>,
  planId: string,
  table: ProgressTable,
  matcher: AgencyMatcher,
  /** Only these rows (a sync's), when given. */
  uids?: readonly string[],
): Promise<PlanRow[]> {
  const source = PLAN_TABLE_OF[table];
  const def = tableDef(source);
  let query = db
    .selectFrom('sheet_rows')
    .select(['uid', 'section', 'code', 'data', 'agency_id'])
    .where('round_id', '=', planId)
    .where('table_name', '=', source)
    .where('deleted_at', 'is', null);
  // A sync reads only the plan rows it sends (the primary key finds them), not the whole plan.
  if (uids) query = uids.length === 0 ? query.where(sql<boolean>`false`) : query.where('uid', 'in', [...uids]);
  const rows = await query.orderBy('agency_id').orderBy('position').execute();
  return rows.map((r) => {
    const cells = r.data as Cells;
    const leads = realAgencies(matcher, def.leadKey ? cells[def.leadKey] : null);
    const partners = def.partnersKey ? realAgencies(matcher, cells[def.partnersKey]) : [];
    const reporter = leads[0] ?? r.agency_id;
    const involved = [...new Set([...leads, ...partners, r.agency_id])].filter((a) => a !== reporter);
    return { uid: r.uid, section: r.section, code: r.code, cells, owner: r.agency_id, reporter, involved };
  });
}

/** Plan order: by section as the outline lists it, then by code as the appendix numbers it. */
export function sortPlanRows(round: Round, table: ProgressTable, rows: PlanRow[]): PlanRow[] {
  const order = new Map((round.outline[table] ?? []).map((e, i) => [e.path, i]));
  const codeKey = (code: string) => code.split('.').map((n) => Number(n) || 0);
  const byCode = (a: string, b: string) => {
    const x = codeKey(a);
    const y = codeKey(b);
    for (let i = 0; i < Math.max(x.length, y.length); i++)
      if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
    return 0;
  };
  return [...rows].sort(
    (a, b) =>
      (order.get(a.section) ?? 1e6) - (order.get(b.section) ?? 1e6) ||
      (a.section < b.section ? -1 : a.section > b.section ? 1 : 0) ||
      byCode(a.code, b.code),
  );
}

/** A sent row as the user sees it: «dòng 3 (mục II, nhiệm vụ 1.2)». */
const where = (n: number, r: Record<string, unknown>) =>
  `Dòng ${n}${r.code ? ` (mục ${String(r.section ?? '')}, số thứ tự ${String(r.code)})` : ''}`;

/**
 * The rows of a progress sheet the plan refuses: a row the plan does not have, a row another
 * agency reports, a plan column (or the row's section) changed. Findings in the shape of the
 * row checks, numbered as the sent rows, so the pane marks them on their cells.
 */
export function planFindings(
  round: Round,
  table: ProgressTable,
  agencyId: string,
  agencyName: (id: string) => string,
  plan: readonly PlanRow[],
  sent: readonly (Record<string, unknown> & { uid: string })[],
): Finding[] {
  const def = tableDef(table, periodOf(round));
  const byUid = new Map(plan.map((p) => [p.uid, p]));
  const out: Finding[] = [];
  const planned: (Record<string, unknown> & { rowId: string })[] = [];
  const mine: (Record<string, unknown> & { rowId: string })[] = [];
  const rowOf = new Map<string, number>();
  sent.forEach((row, i) => {
    const n = i + 1;
    const p = byUid.get(row.uid);
    if (!p) {
      out.push(
        finding(
          n,
          null,
          'not_in_plan',
          'error',
          `${where(n, row)} không có trong kế hoạch «${round.plan}»: báo cáo tiến độ chỉ gồm các dòng của kế hoạch. Hãy dùng «Chèn bảng» để lấy đúng danh sách, không thêm dòng mới.`,
        ),
      );
      return;
    }
    if (p.reporter !== agencyId) {
      out.push(
        finding(
          n,
          null,
          'not_lead',
          'error',
          `${where(n, row)} do ${agencyName(p.reporter)} chủ trì báo cáo, không phải ${agencyName(agencyId)}: mỗi cơ quan chỉ báo cáo tiến độ các nhiệm vụ mình chủ trì.`,
        ),
      );
      return;
    }
    if (String(row.section ?? '').trim() !== p.section)
      out.push(
        finding(
          n,
          { key: 'section', header: 'Mục', type: 'text', required: true, width: 8 },
          'locked_cell',
          'error',
          `Dòng ${n}, cột «Mục» là nội dung của kế hoạch, không được sửa (kế hoạch ghi «${p.section}», bản gửi ghi «${String(row.section ?? '')}»).`,
        ),
      );
    rowOf.set(row.uid, n);
    planned.push({ ...p.cells, code: p.code, rowId: p.uid });
    mine.push({ ...row, rowId: row.uid });
  });
  for (const change of lockedCellChanges(def, planned, mine)) {
    const n = rowOf.get(change.rowId)!;
    const column = def.columns.find((c) => c.key === change.key)!;
    // lockedCellChanges numbers the rows it was given; the user's row is the sent one.
    out.push(finding(n, column, 'locked_cell', 'error', change.message.replace(/^Dòng \d+/, `Dòng ${n}`)));
  }
  return out.sort((a, b) => a.row - b.row);
}

/** The same, with a progress round's plan rows loaded; [] for a plan round or a plan table. */
export async function progressPlanFindings(
  db: Kysely<Database>,
  input: {
    round: Round;
    table: TableName;
    agencyId: string;
    matcher: AgencyMatcher;
    agencyName: (id: string) => string;
    rows: readonly (Record<string, unknown> & { uid: string })[];
  },
): Promise<Finding[]> {
  const progress = progressOf(input.round);
  if (!progress || !isProgressTable(input.table)) return [];
  const plan = await loadPlanRows(
    db,
    progress.plan,
    input.table,
    input.matcher,
    input.rows.map((r) => r.uid),
  );
  return planFindings(input.round, input.table, input.agencyId, input.agencyName, plan, input.rows);
}

/** Agency id → name, for messages and reports. */
export async function agencyNames(registry: RegistryStore): Promise<(id: string) => string> {
  const names = new Map((await registry.all()).map((a) => [a.id, a.name]));
  return (id) => names.get(id) ?? id;
}
