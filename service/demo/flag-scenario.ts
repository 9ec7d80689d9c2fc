/**
 * A scenario on top of the demo round that raises a flag of every code, for the console's browser
 * suite, its tests and its bench. Everything goes through the real sync path, as staff would send it:
 *
 * - Sở Tài chính adds to its budget sheet the health task that Sở Y tế sent, with other money
 *   (conflicting_amounts; the grand total and the years no longer meet the plan's figures:
 *   declared_total_mismatch);
 * - Xã Bát Xát, expected but late, sends a task led by a department it has nothing to do with
 *   (submitter_not_involved);
 * - the due date is moved to before `now` and two more communes are expected that never send
 *   (missing_submission);
 * - the demo round itself already has conflicting_lead, possible_duplicate and unlinked_budget.
 *
 * Load the demo round a few days before `now` (`loadDemoRound(db, registry, earlier)`) so that the
 * agencies of the demo count as having sent on time.
 */
import type { Kysely } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';
import { type AgencyMatcher, FLAG_CODES, type FlagCode, parseCode, type TableName } from '../../domain/index.js';
import type { Principal } from '../context.js';
import { refreshFlags } from '../flags/refresh.js';
import type { RegistryStore } from '../registry-store.js';
import { getRound, type Round } from '../rounds/round.js';
import { toApiRow } from '../sync/stored-row.js';
import { checkSheet, roundParentKeys, syncSheet } from '../sync/sync-sheet.js';
import { DEMO_ROUND_ID } from './demo-round.js';

export const SCENARIO_LATE_AGENCY = 'xa-bat-xat';
export const SCENARIO_MISSING_AGENCIES = ['xa-y-ty', 'phuong-sa-pa'] as const;
/** The agency whose budget line Sở Tài chính repeats with other money. */
export const SCENARIO_CONFLICT_AGENCIES = ['so-tai-chinh', 'so-y-te'] as const;

const HEALTH_TASK = 'Nhiệm vụ thúc đẩy kinh tế số lĩnh vực Y tế';

/** "2026-11-21": the calendar day in Vietnam (UTC+7, no daylight saving). */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Apply the scenario to the demo round (which must be loaded). Returns the number of live flags
 * per code afterwards; every code of FLAG_CODES has at least one.
 */
export async function loadFlagScenario(
  db: Kysely<Database>,
  registry: RegistryStore,
  now = new Date(),
): Promise<Record<FlagCode, number>> {
  const matcher = await registry.matcher();
  let round = await getRound(db, DEMO_ROUND_ID);
  const expected = [...new Set([...round.expectedAgencies, SCENARIO_LATE_AGENCY, ...SCENARIO_MISSING_AGENCIES])].sort();
  await db
    .updateTable('rounds')
    .set({
      due_date: vietnamDate(new Date(now.getTime() - 2 * 86_400_000)),
      expected_agencies: toJsonb(expected),
      updated_at: now,
    })
    .where('id', '=', DEMO_ROUND_ID)
    .execute();
  round = await getRound(db, DEMO_ROUND_ID);

  const health = await db
    .selectFrom('sheet_rows')
    .select(['uid', 'section', 'code', 'data'])
    .where('round_id', '=', DEMO_ROUND_ID)
    .where('table_name', '=', 'budget')
    .where('agency_id', '=', 'so-y-te')
    .where('deleted_at', 'is', null)
    .execute()
    .then((rows) => rows.find((r) => (r.data as Record<string, unknown>).name === HEALTH_TASK));
  if (!health) throw new Error(`The demo round has no budget line «${HEALTH_TASK}» from Sở Y tế`);
  // Sở Tài chính counts 1.300 a year where Sở Y tế asked for 1.120.
  await appendRows(db, { round, table: 'budget', agencyId: 'so-tai-chinh', matcher, registry, now }, [
    {
      uid: 'scenario-budget-stc-y-te',
      section: health.section,
      name: HEALTH_TASK,
      lead: 'Sở Y tế',
      partners: 'Sở Tài chính',
      total: '6.500',
      y2026: '1.300',
      y2027: '1.300',
      y2028: '1.300',
      y2029: '1.300',
      y2030: '1.300',
    },
  ]);
  const taskSection = round.outline.tasks?.find((e) => !e.path.includes('/'))?.path ?? 'I';
  await appendRows(db, { round, table: 'tasks', agencyId: SCENARIO_LATE_AGENCY, matcher, registry, now }, [
    {
      uid: 'scenario-task-bat-xat',
      section: taskSection,
      name: 'Số hóa hồ sơ địa chính và cơ sở dữ liệu đất đai',
      lead: 'Sở Nông nghiệp và Môi trường',
      partners: '',
      timeframe: 'Năm 2026',
      output: 'Cơ sở dữ liệu đất đai',
    },
  ]);
  await refreshFlags(db, { round, matcher, now });

  const counts = await db
    .selectFrom('flags')
    .select(['code', (eb) => eb.fn.countAll().as('n')])
    .where('round_id', '=', DEMO_ROUND_ID)
    .where('resolved_at', 'is', null)
    .groupBy('code')
    .execute();
  const byCode = Object.fromEntries(FLAG_CODES.map((c) => [c, 0])) as Record<FlagCode, number>;
  for (const c of counts) byCode[c.code as FlagCode] = Number(c.n);
  return byCode;
}

interface Target {
  round: Round;
  table: TableName;
  agencyId: string;
  matcher: AgencyMatcher;
  registry: RegistryStore;
  now: Date;
}

type NewRow = { uid: string; section: string } & Record<string, string>;

/** Send the agency's sheet again with `rows` added at the end of their sections, numbered next. */
async function appendRows(db: Kysely<Database>, t: Target, rows: NewRow[]): Promise<void> {
  const [sheet, stored] = await Promise.all([
    db
      .selectFrom('sheets')
      .select('version')
      .where('round_id', '=', t.round.id)
      .where('table_name', '=', t.table)
      .where('agency_id', '=', t.agencyId)
      .executeTakeFirst(),
    db
      .selectFrom('sheet_rows')
      .select(['uid', 'section', 'code', 'data'])
      .where('round_id', '=', t.round.id)
      .where('table_name', '=', t.table)
      .where('agency_id', '=', t.agencyId)
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .execute(),
  ]);
  const body = stored.map((r) => toApiRow(r) as NewRow);
  for (const row of rows) {
    const inSection = body.filter((r) => r.section === row.section);
    const last = Math.max(
      0,
      ...inSection.map((r) => {
        const code = parseCode(r.code);
        return code.kind === 'number' ? code.parts[0]! : 0;
      }),
    );
    const at = inSection.length > 0 ? body.indexOf(inSection[inSection.length - 1]!) + 1 : body.length;
    body.splice(at, 0, { ...row, code: String(last + 1) });
  }
  const principal: Principal = {
    tokenId: 'demo-scenario',
    role: 'agency',
    agencyId: t.agencyId,
    label: await t.registry.name(t.agencyId),
  };
  const request = { baseVersion: sheet?.version ?? 0, rows: body };
  const parentKeys = await roundParentKeys(db, t.round.id, t.table, t.agencyId, body);
  const findings = checkSheet({ round: t.round, table: t.table, body: request, matcher: t.matcher, parentKeys });
  const key = `scenario-${t.table}-${t.agencyId}-${request.baseVersion}`;
  await syncSheet(
    db,
    {
      round: t.round,
      table: t.table,
      agencyId: t.agencyId,
      principal,
      body: request,
      matcher: t.matcher,
      now: t.now,
      idempotencyKey: key,
      requestHash: key,
    },
    findings,
  );
}
