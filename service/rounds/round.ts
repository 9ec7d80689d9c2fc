/** Rounds as the API shows them, and their mapping from the database. */
import { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database, RoundRecord } from '../../db/schema/index.js';
import {
  checkedPeriodSchema,
  type DeclaredTotals,
  declaredTotalsSchema,
  type Outline,
  outlineSchema,
  PERIOD_KINDS,
  type Period,
  type ReportingPeriod,
} from '../../domain/index.js';
import { ApiError } from '../errors.js';

export const ROUND_STATUSES = ['open', 'closed'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');

export const ROUND_KINDS = ['plan', 'progress'] as const;

const reportingPeriod = z
  .object({ kind: z.enum(PERIOD_KINDS), year: z.number().int(), index: z.number().int() })
  .openapi('ReportingPeriod', {
    description: 'A progress round\'s period: {"kind": "month" | "quarter" | "half" | "year", "year", "index"}',
  });

export const roundSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(ROUND_KINDS),
    /** The plan round a progress round follows; null for a plan round. */
    plan: z.string().nullable(),
    /** A progress round's reporting period; null for a plan round. */
    period: reportingPeriod.nullable(),
    periodStart: z.number().int(),
    periodEnd: z.number().int(),
    dueDate: isoDate.nullable(),
    status: z.enum(ROUND_STATUSES),
    outline: outlineSchema,
    expectedAgencies: z.array(z.string()),
    declaredTotals: declaredTotalsSchema.nullable(),
    requireSubmission: z.boolean().openapi({
      description: 'Timeliness counts from the first submission (true) or the first sync (false)',
    }),
  })
  .openapi('Round');
export type Round = z.infer<typeof roundSchema>;

export const roundInputSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,64}$/, 'Mã đợt chỉ gồm chữ thường không dấu, số và dấu gạch ngang (2–64 ký tự)'),
    name: z.string().min(1, 'Cần có tên đợt'),
    kind: z.enum(ROUND_KINDS).default('plan'),
    /** A progress round: the plan round it follows (its period years, outline and agencies are copied). */
    plan: z.string().optional(),
    period: checkedPeriodSchema.optional(),
    periodStart: z.number().int().min(2000).max(2100).optional(),
    periodEnd: z.number().int().min(2000).max(2100).optional(),
    /** Defaults, for a progress round, to the cadence's due day (domain/progress dueDate). */
    dueDate: isoDate.nullable().optional(),
    status: z.enum(ROUND_STATUSES).default('open'),
    outline: outlineSchema.default({}),
    expectedAgencies: z.array(z.string()).default([]),
    declaredTotals: declaredTotalsSchema.nullable().default(null),
    requireSubmission: z.boolean().default(false),
  })
  .refine(
    (r) =>
      r.periodStart === undefined ||
      r.periodEnd === undefined ||
      (r.periodEnd >= r.periodStart && r.periodEnd - r.periodStart <= 20),
    { message: 'Giai đoạn không hợp lệ: năm kết thúc phải sau năm bắt đầu', path: ['periodEnd'] },
  )
  .refine((r) => r.kind === 'progress' || (r.periodStart !== undefined && r.periodEnd !== undefined), {
    message: 'Đợt xây dựng kế hoạch cần năm bắt đầu và năm kết thúc của giai đoạn',
    path: ['periodStart'],
  })
  .refine((r) => r.kind === 'plan' || (r.plan !== undefined && r.period !== undefined), {
    message: 'Đợt báo cáo tiến độ cần mã đợt kế hoạch được theo dõi (plan) và kỳ báo cáo (period)',
    path: ['plan'],
  })
  .refine((r) => r.kind === 'progress' || (r.plan === undefined && r.period === undefined), {
    message: 'Chỉ đợt báo cáo tiến độ mới có kế hoạch được theo dõi và kỳ báo cáo',
    path: ['kind'],
  })
  .openapi('RoundInput');

export const roundPatchSchema = z
  .object({
    name: z.string().min(1),
    dueDate: isoDate.nullable(),
    status: z.enum(ROUND_STATUSES),
    outline: outlineSchema,
    expectedAgencies: z.array(z.string()),
    declaredTotals: declaredTotalsSchema.nullable(),
    requireSubmission: z.boolean(),
  })
  .partial()
  .openapi('RoundPatch');

const dateText = (d: unknown): string | null =>
  d === null || d === undefined ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);

export function toRound(r: RoundRecord): Round {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as Round['kind'],
    plan: r.plan_round_id,
    period: (r.period as ReportingPeriod | null) ?? null,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    dueDate: dateText(r.due_date),
    status: r.status as Round['status'],
    outline: r.outline as Outline,
    expectedAgencies: r.expected_agencies,
    declaredTotals: (r.declared_totals as DeclaredTotals | null) ?? null,
    requireSubmission: r.require_submission,
  };
}

export const periodOf = (r: Round): Period => ({ from: r.periodStart, to: r.periodEnd });

/** A progress round's plan and period; null for a plan round. */
export function progressOf(round: Round): { plan: string; period: ReportingPeriod } | null {
  return round.kind === 'progress' && round.plan && round.period ? { plan: round.plan, period: round.period } : null;
}

export async function getRound(db: Kysely<Database>, id: string): Promise<Round> {
  const row = await db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('not_found', `Không có đợt «${id}».`);
  return toRound(row);
}

/** The section paths a table's rows may name: the round's outline (headings and sub-headings). */
export function sectionPaths(round: Round, table: keyof Outline): string[] {
  return (round.outline[table] ?? []).map((e) => e.path);
}
