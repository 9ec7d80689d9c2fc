/**
 * What the round overview shows, read with the service's own modules: the merged budget's totals
 * (the merge's leaf rules), the split by funding source (the declared-total check's rules),
 * who has sent against the due date, and the live flags counted by code and status.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import {
  type AgencyMatcher,
  budgetSourceTotals,
  dueInstant,
  FUNDING_SOURCE_LABELS,
  TABLE_NAMES,
  type TableName,
  tableDef,
  UNPLACED_PATH,
  UNPLACED_TITLE,
} from '../../domain/index.js';
import { countFlags } from '../flags/query.js';
import { loadRows, mergeRows } from '../merge/load-merged.js';
import type { RegistryStore } from '../registry-store.js';
import { periodOf, type Round } from '../rounds/round.js';
import { inSentence } from './labels.js';

/** Worst first: the order of the submissions table. */
export const SUBMISSION_STATUSES = ['missing', 'late', 'pending', 'on_time'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_LABELS: Record<SubmissionStatus, string> = {
  missing: 'Chưa gửi, đã quá hạn',
  late: 'Gửi muộn',
  pending: 'Chưa gửi, chưa đến hạn',
  on_time: 'Đã gửi đúng hạn',
};

export interface Submission {
  agencyId: string;
  name: string;
  /** In the round's list of expected agencies. */
  expected: boolean;
  status: SubmissionStatus;
  firstSync: Date | null;
  lastSync: Date | null;
  /** Its first submission as final (of any of its sheets), for rounds that require one. */
  firstSubmission: Date | null;
  tables: TableName[];
}

export interface BudgetOverview {
  rows: number;
  grand: { actual: number; declared: number | null };
  years: { label: string; actual: number; declared: number | null }[];
  sections: { path: string; title: string; actual: number; minor: boolean }[];
  sources: { label: string; actual: number; declared: number | null; note?: string }[];
}

export interface Overview {
  budget: BudgetOverview | null;
  submissions: Submission[];
  flags: { code: string; status: string; n: number }[];
}

export async function loadOverview(
  db: Kysely<Database>,
  registry: RegistryStore,
  round: Round,
  now: Date,
): Promise<Overview> {
  const matcher = await registry.matcher();
  const [budget, submissions, flags] = await Promise.all([
    budgetOverview(db, matcher, round),
    loadSubmissions(db, registry, round, now),
    countFlags(db, round.id),
  ]);
  return { budget, submissions, flags };
}

async function budgetOverview(
  db: Kysely<Database>,
  matcher: AgencyMatcher,
  round: Round,
): Promise<BudgetOverview | null> {
  const rows = await loadRows(db, round, 'budget');
  if (rows.length === 0) return null;
  const period = periodOf(round);
  const def = tableDef('budget', period);
  const merged = mergeRows(round, 'budget', rows);
  const totals = merged.totals;
  const declared = round.declaredTotals;
  const years = def.yearKeys.map((key) => {
    const year = key.slice(1);
    return { label: `Năm ${year}`, actual: totals.grand[key] ?? 0, declared: declared?.years?.[year] ?? null };
  });
  const titles = new Map((round.outline.budget ?? []).map((e) => [e.path, e.title]));
  const sections = Object.keys(totals.sections)
    .filter((path) => titles.has(path) || path === UNPLACED_PATH)
    .map((path) => ({
      path,
      title: titles.get(path) ?? UNPLACED_TITLE,
      actual: totals.sections[path]![def.totalKey!] ?? 0,
      minor: path.includes('/'),
    }));
  // The outline's order, not the object's.
  const order = new Map([
    ...(round.outline.budget ?? []).map((e, i) => [e.path, i] as const),
    [UNPLACED_PATH, Number.MAX_SAFE_INTEGER],
  ]);
  sections.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
  const split = budgetSourceTotals(rows, matcher, period);
  const src = declared?.sources ?? {};
  const stateDeclared = src.provincial !== undefined && src.central !== undefined ? src.provincial + src.central : null;
  return {
    rows: rows.length,
    grand: { actual: totals.grand[def.totalKey!] ?? 0, declared: declared?.grand ?? null },
    years,
    sections,
    sources: [
      {
        label: 'Ngân sách nhà nước',
        actual: split.state,
        declared: stateDeclared,
        note:
          stateDeclared === null
            ? undefined
            : `${FUNDING_SOURCE_LABELS.provincial} và ${inSentence(FUNDING_SOURCE_LABELS.central)}: bảng kinh phí không tách riêng hai nguồn này`,
      },
      {
        label: 'Doanh nghiệp và nguồn khác',
        actual: split.nonState,
        declared: src.non_state ?? null,
        note: 'các dòng do doanh nghiệp chủ trì',
      },
    ],
  };
}

async function loadSubmissions(
  db: Kysely<Database>,
  registry: RegistryStore,
  round: Round,
  now: Date,
): Promise<Submission[]> {
  const [sheets, firsts] = await Promise.all([
    db
      .selectFrom('sheets')
      .select(['agency_id', 'table_name', 'updated_at', 'first_submitted_at'])
      .where('round_id', '=', round.id)
      .where('version', '>', 0)
      .execute(),
    // The first row an agency's sheet ever stored: when it first sent.
    db
      .selectFrom('audit_log')
      .select(['agency_id', (eb) => eb.fn.min('at').as('first')])
      .where('round_id', '=', round.id)
      .where('uid', 'is not', null)
      .where('action', 'in', ['insert', 'update', 'delete', 'restore'])
      .groupBy('agency_id')
      .execute(),
  ]);
  const due = round.dueDate ? dueInstant(round.dueDate) : null;
  const first = new Map(firsts.map((f) => [f.agency_id ?? '', new Date(f.first as unknown as string)]));
  const byAgency = new Map<string, { last: Date; submitted: Date | null; tables: TableName[] }>();
  for (const s of sheets) {
    const entry = byAgency.get(s.agency_id) ?? { last: new Date(0), submitted: null, tables: [] };
    const at = new Date(s.updated_at);
    if (at > entry.last) entry.last = at;
    const submitted = s.first_submitted_at ? new Date(s.first_submitted_at) : null;
    if (submitted && (!entry.submitted || submitted < entry.submitted)) entry.submitted = submitted;
    entry.tables.push(s.table_name as TableName);
    byAgency.set(s.agency_id, entry);
  }
  const expected = new Set(round.expectedAgencies);
  const ids = [...new Set([...round.expectedAgencies, ...byAgency.keys()])];
  const out: Submission[] = [];
  for (const id of ids) {
    const sent = byAgency.get(id);
    const firstSync = sent ? (first.get(id) ?? sent.last) : null;
    const firstSubmission = sent?.submitted ?? null;
    // A round that requires submission counts from the first one: a sync alone is a draft.
    const counted = round.requireSubmission ? firstSubmission : firstSync;
    let status: SubmissionStatus;
    if (counted) status = due !== null && counted.getTime() >= due ? 'late' : 'on_time';
    else status = due !== null && now.getTime() >= due ? 'missing' : 'pending';
    out.push({
      agencyId: id,
      name: await registry.name(id),
      expected: expected.has(id),
      status,
      firstSync,
      lastSync: sent?.last ?? null,
      firstSubmission,
      tables: sent?.tables.sort((a, b) => TABLE_NAMES.indexOf(a) - TABLE_NAMES.indexOf(b)) ?? [],
    });
  }
  const rank = new Map(SUBMISSION_STATUSES.map((s, i) => [s, i]));
  return out.sort((a, b) => rank.get(a.status)! - rank.get(b.status)! || a.name.localeCompare(b.name, 'vi'));
}
