/**
 * A progress round's report input read from the database: every plan row with its reporter, the
 * answer sent this period (or none), the four-way status derived by the domain from the plan's
 * time frame, the previous period's status, and each agency's timeliness over the plan's periods.
 * The merged report, its files, the console's «Tiến độ» page and an agency's report read it.
 */

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import {
  type AgencyMatcher,
  deriveStatus,
  formatDueDate,
  onTime,
  parseTimeframe,
  parseVnDate,
  periodLabel,
  periodRange,
  type ReportingPeriod,
  TASK_PROGRESS_STATUSES,
  type TaskProgressStatus,
  taskDeadline,
  vnDate,
} from '../../domain/index.js';
import type { RegistryStore } from '../registry-store.js';
import { progressRoundsOf } from '../rounds/manage.js';
import { getRound, progressOf, type Round } from '../rounds/round.js';
import type { Cells } from '../sync/stored-row.js';
import { firstProgressSyncs, firstSyncKey } from './first-syncs.js';
import { agencyNames, loadPlanRows, type PlanRow, sortPlanRows } from './plan-rows.js';
import { answersByUid, previousProgressRound } from './prefill.js';
import type { ProgressInput, ProgressTask, Timeliness } from './report-model.js';

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const statusOf = (v: unknown): TaskProgressStatus | null =>
  (TASK_PROGRESS_STATUSES as readonly string[]).includes(text(v)) ? (v as TaskProgressStatus) : null;

/** The days a status is judged on: today, but no later than the period's last day. */
export function judgedOn(period: ReportingPeriod, today: string): string {
  const end = periodRange(period).to;
  return today < end ? today : end;
}

/** One plan row's progress in a period, from what its reporter sent (or nothing). */
function taskOf(
  round: Round,
  period: ReportingPeriod,
  p: PlanRow,
  answer: Cells | undefined,
  previous: { period: ReportingPeriod; answer: Cells | undefined } | null,
  names: (id: string) => string,
  sectionTitle: (path: string) => string,
  today: string,
): ProgressTask {
  const parsed = parseTimeframe(p.cells.timeframe);
  const timeframe = parsed.ok ? parsed.value : null;
  const planEnd = `${round.periodEnd}-12-31`;
  const derive = (at: ReportingPeriod, cells: Cells | undefined) =>
    deriveStatus({
      status: statusOf(cells?.status),
      completedOn: parseVnDate(cells?.completedOn),
      timeframe,
      period: at,
      planEnd,
      asOf: judgedOn(at, today),
    });
  const derived = derive(period, answer);
  const { source } = taskDeadline(timeframe, period, planEnd);
  const disbursed = answer?.disbursed;
  return {
    uid: p.uid,
    section: sectionTitle(p.section),
    code: p.code || null,
    name: text(p.cells.name),
    leadId: p.reporter,
    leadName: names(p.reporter),
    deadline: source === 'continuous' || source === 'plan' ? null : derived.deadline,
    timeframe: text(p.cells.timeframe),
    derived: derived.status,
    status: statusOf(answer?.status),
    completedOn: parseVnDate(answer?.completedOn),
    result: text(answer?.result),
    difficulties: text(answer?.difficulties),
    proposals: text(answer?.proposals),
    disbursed: typeof disbursed === 'number' ? disbursed : null,
    planned: null,
    fundingSource: null,
    year: period.year,
    previous: previous
      ? { derived: derive(previous.period, previous.answer).status, status: statusOf(previous.answer?.status) }
      : null,
  };
}

/** Each reporting agency's timeliness over the plan's progress rounds up to this one. */
async function timelinessOf(
  db: Kysely<Database>,
  round: Round,
  agencies: readonly string[],
  names: (id: string) => string,
  today: string,
): Promise<Timeliness[]> {
  const progress = progressOf(round)!;
  const rounds = (await progressRoundsOf(db, progress.plan)).filter(
    (r) => periodRange(r.period!).to <= periodRange(progress.period).to,
  );
  const first = await firstProgressSyncs(
    db,
    rounds.map((r) => r.id),
  );
  return agencies.map((agencyId) => ({
    agencyId,
    agencyName: names(agencyId),
    periods: rounds.map((r) => {
      const sent = first.get(firstSyncKey(r.id, agencyId)) ?? null;
      const due = r.dueDate;
      const status = sent
        ? due === null || onTime(sent, due)
          ? 'on_time'
          : 'late'
        : due !== null && today >= due
          ? 'missing'
          : 'pending';
      return { label: periodLabel(r.period!), status, sentAt: sent?.toISOString() ?? null } as const;
    }),
  }));
}

/** The report input of a progress round, as of `now`. */
export async function loadProgressInput(
  db: Kysely<Database>,
  registry: RegistryStore,
  round: Round,
  now: Date,
): Promise<ProgressInput> {
  const progress = progressOf(round)!;
  const today = vnDate(now);
  const matcher: AgencyMatcher = await registry.matcher();
  const names = await agencyNames(registry);
  const plan = await getRound(db, progress.plan);
  const titles = new Map((round.outline.progress ?? []).map((e) => [e.path, `${e.path}. ${e.title}`]));
  const sectionTitle = (path: string) => titles.get(path) ?? path;
  const [rows, previous] = await Promise.all([
    loadPlanRows(db, progress.plan, 'progress', matcher),
    previousProgressRound(db, round),
  ]);
  const [answers, before] = await Promise.all([
    answersByUid(db, round.id, 'progress'),
    previous ? answersByUid(db, previous.id, 'progress') : Promise.resolve(null),
  ]);
  const tasks = sortPlanRows(round, 'progress', rows)
    .filter((p) => text(p.cells.name) !== '')
    .map((p) =>
      taskOf(
        round,
        progress.period,
        p,
        answers.get(p.uid)?.cells,
        previous && before ? { period: previous.period!, answer: before.get(p.uid)?.cells } : null,
        names,
        sectionTitle,
        today,
      ),
    );
  const reporters = [...new Set([...round.expectedAgencies, ...tasks.map((t) => t.leadId)])];
  return {
    roundId: round.id,
    planTitle: plan.name,
    periodLabel: periodLabel(progress.period),
    dueText: round.dueDate ? formatDueDate(round.dueDate) : 'chưa đặt hạn',
    today: judgedOn(progress.period, today),
    tasks,
    timeliness: await timelinessOf(db, round, reporters, names, today),
  };
}
