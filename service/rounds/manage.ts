/**
 * Opening and editing rounds (coordinators), shared by the API and the web console: the expected
 * agencies must be in the registry, a round id is taken once, and every change is audited.
 */

import type { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';
import {
  dueDate as cadenceDueDate,
  hiddenMarksRefusal,
  nextPeriod,
  type Outline,
  periodLabel,
  periodSlug,
  type ReportingPeriod,
} from '../../domain/index.js';
import { recordChange } from '../audit.js';
import type { Principal } from '../context.js';
import { ApiError } from '../errors.js';
import type { RegistryStore } from '../registry-store.js';
import { getRound, type Round, type roundInputSchema, type roundPatchSchema, toRound } from './round.js';

export type RoundInput = z.infer<typeof roundInputSchema>;
export type RoundPatch = z.infer<typeof roundPatchSchema>;

interface Actor {
  db: Kysely<Database>;
  registry: RegistryStore;
  principal: Principal;
}

/**
 * Open a round; `conflict` when the id is taken, `validation_failed` for an unknown agency or
 * plan. A progress round takes its plan's years, and, when not given, the plan's expected
 * agencies and outline (the progress tables' sections are the plan tables').
 */
export async function createRound({ db, registry, principal }: Actor, input: RoundInput): Promise<Round> {
  refuseHiddenMarks(input);
  await assertAgencies(registry, input.expectedAgencies);
  const exists = await db.selectFrom('rounds').select('id').where('id', '=', input.id).executeTakeFirst();
  if (exists) throw new ApiError('conflict', `Đã có đợt mang mã «${input.id}».`);
  if (input.kind === 'progress' && (!input.plan || !input.period))
    throw new ApiError(
      'validation_failed',
      'Đợt báo cáo tiến độ cần đợt kế hoạch được theo dõi và kỳ báo cáo; hãy mở từ trang của đợt kế hoạch («Mở kỳ báo cáo tiếp theo»).',
    );
  const plan = input.kind === 'progress' ? await planRound(db, input.plan!) : null;
  const period = input.kind === 'progress' ? input.period! : null;
  const periodStart = plan ? plan.periodStart : input.periodStart!;
  const periodEnd = plan ? plan.periodEnd : input.periodEnd!;
  const hasOutline = Object.keys(input.outline).length > 0;
  const outline = plan && !hasOutline ? progressOutline(plan.outline) : input.outline;
  const expected = plan && input.expectedAgencies.length === 0 ? plan.expectedAgencies : input.expectedAgencies;
  const due = input.dueDate !== undefined ? input.dueDate : period ? cadenceDueDate(period) : null;
  const row = await db
    .insertInto('rounds')
    .values({
      id: input.id,
      name: input.name,
      kind: input.kind,
      plan_round_id: plan?.id ?? null,
      period: period ? toJsonb(period) : null,
      period_start: periodStart,
      period_end: periodEnd,
      due_date: due,
      status: input.status,
      outline: toJsonb(outline),
      expected_agencies: toJsonb(expected),
      declared_totals: input.declaredTotals ? toJsonb(input.declaredTotals) : null,
      require_submission: input.requireSubmission,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(db, principal, { roundId: row.id, action: 'round_create', after: toRound(row) });
  return toRound(row);
}

/** Change some fields of a round (name, due date, open/closed, outline, expected agencies, declared totals). */
export async function updateRound({ db, registry, principal }: Actor, id: string, input: RoundPatch): Promise<Round> {
  refuseHiddenMarks(input);
  const before = await getRound(db, id);
  if (input.expectedAgencies) await assertAgencies(registry, input.expectedAgencies);
  const row = await db
    .updateTable('rounds')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.dueDate !== undefined ? { due_date: input.dueDate } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.outline !== undefined ? { outline: toJsonb(input.outline) } : {}),
      ...(input.expectedAgencies !== undefined ? { expected_agencies: toJsonb(input.expectedAgencies) } : {}),
      ...(input.declaredTotals !== undefined
        ? { declared_totals: input.declaredTotals ? toJsonb(input.declaredTotals) : null }
        : {}),
      ...(input.requireSubmission !== undefined ? { require_submission: input.requireSubmission } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(db, principal, { roundId: id, action: 'round_update', before, after: toRound(row) });
  return toRound(row);
}

/** The plan round a progress round follows: it must exist and be a plan round. */
async function planRound(db: Kysely<Database>, id: string): Promise<Round> {
  const row = await db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('validation_failed', `Không có đợt kế hoạch «${id}» để theo dõi tiến độ.`);
  const plan = toRound(row);
  if (plan.kind !== 'plan')
    throw new ApiError(
      'validation_failed',
      `Đợt «${plan.name}» là đợt báo cáo tiến độ, không phải kế hoạch; hãy chọn đợt kế hoạch được theo dõi.`,
    );
  return plan;
}

/** The sections a progress round's tables follow: those of the plan tables they report on. */
export function progressOutline(plan: Outline): Outline {
  return {
    ...(plan.tasks ? { progress: plan.tasks } : {}),
    ...(plan.targets ? { 'target-progress': plan.targets } : {}),
  };
}

const MAX_ID = 64;
/** `<plan>-tien-do-2026-06`: the plan's id shortened if need be so that the whole stays a valid round id. */
export function progressRoundId(planId: string, period: ReportingPeriod): string {
  const suffix = `-tien-do-${periodSlug(period)}`;
  return `${planId.slice(0, MAX_ID - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** A period inside a sentence: «tháng 6/2026», «quý II/2026», «năm 2026». */
export function periodPhrase(period: ReportingPeriod): string {
  const label = periodLabel(period);
  return `${label.charAt(0).toLocaleLowerCase('vi')}${label.slice(1)}`;
}

/** «Tiến độ tháng 6/2026: <plan name>». */
export function progressRoundName(planName: string, period: ReportingPeriod): string {
  return `Tiến độ ${periodPhrase(period)}: ${planName}`;
}

/**
 * The next period's progress round, opened in one action. From a progress round: the period
 * after it, for the same plan. From a plan round: the period after its latest progress round, or
 * the month of `today` (ISO) when it has none, or `period` when the coordinator names one. The
 * plan's expected agencies and outline are copied; `conflict` when that round exists.
 */
export async function openNextRound(
  actor: Actor,
  fromId: string,
  options: { today: string; period?: ReportingPeriod; dueDate?: string | null },
): Promise<Round> {
  const from = await getRound(actor.db, fromId);
  const plan = from.kind === 'plan' ? from : await planRound(actor.db, from.plan!);
  let period = options.period;
  if (!period && from.kind === 'progress') period = nextPeriod(from.period!);
  if (!period) {
    const latest = await latestProgressRound(actor.db, plan.id);
    period = latest
      ? nextPeriod(latest.period!)
      : { kind: 'month', year: Number(options.today.slice(0, 4)), index: Number(options.today.slice(5, 7)) };
  }
  const id = progressRoundId(plan.id, period);
  const taken = await actor.db.selectFrom('rounds').select('id').where('id', '=', id).executeTakeFirst();
  if (taken) throw new ApiError('conflict', `Đợt «${id}» của kỳ ${periodLabel(period)} đã được mở.`);
  return createRound(actor, {
    id,
    name: progressRoundName(plan.name, period),
    kind: 'progress',
    plan: plan.id,
    period,
    ...(options.dueDate !== undefined ? { dueDate: options.dueDate } : {}),
    status: 'open',
    outline: progressOutline(plan.outline),
    expectedAgencies: plan.expectedAgencies,
    declaredTotals: null,
    // The next period asks for submissions as the one it follows did.
    requireSubmission: from.requireSubmission,
  });
}

/** Order of periods within a plan: by year, then by where the period ends in the year. */
export function periodOrder(p: ReportingPeriod): number {
  const months = { month: 1, quarter: 3, half: 6, year: 12 }[p.kind];
  return p.year * 100 + p.index * months;
}

/** A plan's progress rounds, oldest period first. */
export async function progressRoundsOf(db: Kysely<Database>, planId: string): Promise<Round[]> {
  const rows = await db.selectFrom('rounds').selectAll().where('plan_round_id', '=', planId).execute();
  return rows.map(toRound).sort((a, b) => periodOrder(a.period!) - periodOrder(b.period!) || (a.id < b.id ? -1 : 1));
}

async function latestProgressRound(db: Kysely<Database>, planId: string): Promise<Round | null> {
  return (await progressRoundsOf(db, planId)).at(-1) ?? null;
}

async function assertAgencies(registry: RegistryStore, ids: readonly string[]) {
  const unknown: string[] = [];
  for (const id of ids) if (!(await registry.get(id))) unknown.push(id);
  if (unknown.length > 0)
    throw new ApiError(
      'validation_failed',
      `Không có cơ quan mang mã ${unknown.map((u) => `«${u}»`).join(', ')} trong danh mục.`,
    );
}

/** A round's name and the agency names it expects are refused with hidden marks in them (422). */
function refuseHiddenMarks(input: {
  name?: string | undefined;
  expectedAgencies?: readonly string[] | undefined;
}): void {
  const found = [
    input.name === undefined ? null : hiddenMarksRefusal('Tên đợt', input.name),
    ...(input.expectedAgencies ?? []).map((a) => hiddenMarksRefusal('Tên cơ quan', a)),
  ].find((m) => m !== null);
  if (found) throw new ApiError('validation_failed', found);
}
