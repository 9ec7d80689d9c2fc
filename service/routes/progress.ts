/**
 * Progress rounds: the pre-filled sheet an agency starts from, the merged progress report with
 * each task's four-way status (JSON, .xlsx, .csv), and one agency's tasks period by period.
 */
import { PassThrough, Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DERIVED_STATUSES, periodLabel } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { progressCsv } from '../exports/progress-csv.js';
import { writeProgressXlsx } from '../exports/progress-xlsx.js';
import { requireRole } from '../middleware/auth.js';
import { loadProgressInput } from '../progress/load-report.js';
import { prefillSheet } from '../progress/prefill.js';
import { buildProgressReport, progressTaskSchema } from '../progress/report-model.js';
import { getRound, progressOf, type Round, roundSchema, toRound } from '../rounds/round.js';
import { bearer, errorResponses, roundParam, tableParam } from './schemas.js';
import { sheetRow } from './sheets.js';
import { targetAgency } from './target-agency.js';

const agencyQuery = z.object({
  agency: z.string().optional().openapi({ description: 'Agency id or name (coordinators and validators)' }),
});

/** GET …/sheets/{table}/prefill: the rows a progress sheet starts from. */
export const prefillResponse = z
  .object({
    agency: z.string(),
    plan: z.string(),
    previousRound: z.string().nullable(),
    rows: z.array(sheetRow),
    readOnly: z.array(sheetRow),
  })
  .openapi('Prefill');

const prefillRoute = createRoute({
  method: 'get',
  path: '/api/v1/rounds/{round}/sheets/{table}/prefill',
  security: bearer,
  summary:
    "A progress sheet to start from: the plan rows the agency reports with the previous period's answers carried forward, and read-only the rows it shares",
  middleware: [requireRole('agency', 'coordinator', 'validator')] as const,
  request: { params: z.object({ round: roundParam, table: tableParam }), query: agencyQuery },
  responses: {
    200: {
      description: 'The pre-filled rows',
      content: {
        'application/json': {
          schema: prefillResponse,
        },
      },
    },
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

/** The merged progress answer as JSON: the report's input with the counts on top. */
export const mergedProgressSchema = z
  .object({
    round: z.string(),
    planTitle: z.string(),
    periodLabel: z.string(),
    dueText: z.string(),
    today: z.string(),
    total: z.record(z.enum(DERIVED_STATUSES), z.number().int()),
    overdue: z.number().int(),
    tasks: z.array(progressTaskSchema),
  })
  .openapi('MergedProgress');

const agencyProgressRoute = createRoute({
  method: 'get',
  path: '/api/v1/agencies/{agency}/progress',
  security: bearer,
  summary: "One agency's progress across every period: its tasks and their statuses, period by period",
  middleware: [requireRole('agency', 'coordinator', 'validator')] as const,
  request: { params: z.object({ agency: z.string().openapi({ param: { name: 'agency', in: 'path' } }) }) },
  responses: {
    200: {
      description: "The agency's progress",
      content: {
        'application/json': {
          schema: z
            .object({
              agency: z.string(),
              periods: z.array(
                z.object({
                  round: roundSchema,
                  label: z.string(),
                  sentAt: z.string().nullable(),
                  tasks: z.array(progressTaskSchema),
                }),
              ),
            })
            .openapi('AgencyProgress'),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** The merged progress report of a progress round, as JSON or a file. */
export async function mergedProgress(c: Context<AppEnv>, round: Round, ext: string | undefined): Promise<Response> {
  if (!progressOf(round))
    throw new ApiError(
      'validation_failed',
      `Đợt «${round.name}» là đợt xây dựng kế hoạch; báo cáo tiến độ chỉ có ở đợt báo cáo tiến độ.`,
    );
  const { db, registry, config } = c.get('deps');
  const input = await loadProgressInput(db, registry, round, config.now());
  const report = buildProgressReport(input);
  const filename = `${round.id}-tien-do`;
  if (ext === '.csv')
    return c.body(progressCsv(report), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}.csv"`,
    });
  if (ext === '.xlsx') {
    const pass = new PassThrough();
    writeProgressXlsx(report, pass).catch((e) => pass.destroy(e));
    return c.body(Readable.toWeb(pass) as ReadableStream, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${filename}.xlsx"`,
    });
  }
  return c.json(
    {
      round: round.id,
      planTitle: input.planTitle,
      periodLabel: input.periodLabel,
      dueText: input.dueText,
      today: input.today,
      total: report.total,
      overdue: report.overdue.length,
      tasks: input.tasks,
    } satisfies z.infer<typeof mergedProgressSchema>,
    200,
  );
}

export function registerProgress(app: OpenAPIHono<AppEnv>) {
  app.openapi(prefillRoute, async (c) => {
    const { round: roundId, table } = c.req.valid('param');
    const { db, registry } = c.get('deps');
    const round = await getRound(db, roundId);
    const agencyId = await targetAgency(c, c.req.valid('query').agency, 'read');
    const prefill = await prefillSheet(db, round, table, agencyId, await registry.matcher());
    return c.json(prefill as never, 200);
  });

  app.openapi(agencyProgressRoute, async (c) => {
    const { db, registry, config } = c.get('deps');
    const agencyId = await targetAgency(c, c.req.valid('param').agency, 'read');
    const rows = await db.selectFrom('rounds').selectAll().where('kind', '=', 'progress').execute();
    const rounds = rows
      .map(toRound)
      .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || (a.id < b.id ? -1 : 1));
    const periods = [];
    for (const round of rounds) {
      const input = await loadProgressInput(db, registry, round, config.now());
      const tasks = input.tasks.filter((t) => t.leadId === agencyId);
      if (tasks.length === 0) continue;
      const sent = input.timeliness.find((t) => t.agencyId === agencyId)?.periods.at(-1)?.sentAt ?? null;
      periods.push({ round, label: periodLabel(round.period!), sentAt: sent, tasks });
    }
    return c.json({ agency: agencyId, periods }, 200);
  });
}
