/**
 * Đề án 11 followed month by month: its May and June 2026 progress rounds, answered through the
 * real sync path by the agencies that lead its tasks. About 85% of them report in May and 70% in
 * June (some after the due day, the rest not at all); the statuses follow each task's time frame,
 * so the tasks of «Quý I/2026» are done late or still open, and two tasks done in May are
 * reported open again in June. The choices come from a hash of the ids: every start loads the
 * same answers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import {
  type AgencyMatcher,
  formatVnDate,
  parseTimeframe,
  type ReportingPeriod,
  taskDeadline,
} from '../../domain/index.js';
import type { Principal } from '../context.js';
import { loadPlanRows, type PlanRow, planFindings, sortPlanRows } from '../progress/plan-rows.js';
import type { RegistryStore } from '../registry-store.js';
import { openNextRound, progressRoundId } from '../rounds/manage.js';
import { getRound, type Round } from '../rounds/round.js';
import { checkSheet, syncSheet } from '../sync/sync-sheet.js';
import { COORDINATOR_AGENCY, DEMO_ROUND_ID } from './demo-round.js';

const MAY: ReportingPeriod = { kind: 'month', year: 2026, index: 5 };
const JUNE: ReportingPeriod = { kind: 'month', year: 2026, index: 6 };
export const DEMO_MAY_ROUND_ID = progressRoundId(DEMO_ROUND_ID, MAY);
export const DEMO_JUNE_ROUND_ID = progressRoundId(DEMO_ROUND_ID, JUNE);

/** A number in [0, 1) fixed by the text (FNV-1a, then mixed). */
function chance(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // MurmurHash3's finaliser: ids that differ in their last digit land far apart.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

type Answer = Record<string, string | null>;

const open = (result: string, difficulties: string | null = null): Answer => ({
  status: 'Đang triển khai',
  completedOn: null,
  result,
  difficulties,
  proposals: null,
});
const done = (on: string, result: string): Answer => ({
  status: 'Hoàn thành',
  completedOn: formatVnDate(on),
  result,
  difficulties: null,
  proposals: null,
});
const NOT_STARTED: Answer = {
  status: 'Chưa triển khai',
  completedOn: null,
  result: null,
  difficulties: 'Đang chờ hướng dẫn và bố trí kinh phí',
  proposals: 'Đề nghị Sở Tài chính thẩm định, bố trí kinh phí năm 2026',
};

/** What a task's reporter says in May and in June, from its time frame. */
function answersOf(p: PlanRow, regression: boolean, dueTurn: { next: number }): { may: Answer; june: Answer } {
  const output = String(p.cells.output ?? '').trim();
  const product = output === '' ? 'sản phẩm theo kế hoạch' : output.charAt(0).toLocaleLowerCase('vi') + output.slice(1);
  const parsed = parseTimeframe(p.cells.timeframe);
  const deadline = taskDeadline(parsed.ok ? parsed.value : null, JUNE, '2030-12-31');
  const roll = chance(p.uid);
  if (regression)
    return {
      may: done('2026-05-08', `Đã hoàn thành: ${product}`),
      june: open(
        `Đã trình ${product}; đang hoàn thiện lại theo ý kiến thẩm định`,
        'Hồ sơ phải bổ sung theo ý kiến của cơ quan thẩm định',
      ),
    };
  if (deadline.source === 'once' && deadline.lastOnTimeDay <= '2026-06-30') {
    // Due by June: done late, still open past its deadline, or done on time, in turn.
    const turn = dueTurn.next++ % 3;
    if (turn === 2)
      return { may: done('2026-03-20', `Đã ban hành ${product}`), june: done('2026-03-20', `Đã ban hành ${product}`) };
    if (turn === 0) {
      const late = done('2026-05-14', `Đã ban hành ${product} (chậm so với kế hoạch)`);
      return { may: late, june: late };
    }
    const still = open(`Đang xây dựng dự thảo ${product}`, 'Chậm do phải lấy ý kiến nhiều cơ quan');
    return { may: still, june: still };
  }
  if (roll < 0.12) return { may: NOT_STARTED, june: NOT_STARTED };
  if (roll < 0.22)
    return { may: open(`Đang triển khai: ${product}`), june: done('2026-06-05', `Đã hoàn thành: ${product}`) };
  const june = open(`Đang triển khai theo kế hoạch: ${product}`);
  return { may: roll < 0.3 ? NOT_STARTED : june, june };
}

/**
 * When each agency sends: agencies in a fixed shuffled order; in May the first 85% send (the last
 * tenth of them after the due day), in June the first 70% (the last fifth of them late).
 */
function sendingPlan(agencies: readonly string[]): Map<string, { may: string | null; june: string | null }> {
  const order = [...agencies].sort((a, b) => chance(`gui-${a}`) - chance(`gui-${b}`));
  const n = order.length;
  return new Map(
    order.map((id, i) => {
      const may =
        i < Math.round(n * 0.85) ? (i < Math.round(n * 0.75) ? '2026-05-15T02:00:00Z' : '2026-05-22T02:00:00Z') : null;
      const june =
        i < Math.round(n * 0.7) ? (i < Math.round(n * 0.55) ? '2026-06-16T02:00:00Z' : '2026-06-24T02:00:00Z') : null;
      return [id, { may, june }];
    }),
  );
}

async function send(
  db: Kysely<Database>,
  registry: RegistryStore,
  matcher: AgencyMatcher,
  round: Round,
  plan: readonly PlanRow[],
  agencyId: string,
  rows: (Record<string, string | null> & { uid: string; section: string })[],
  at: Date,
) {
  const principal: Principal =
    agencyId === COORDINATOR_AGENCY
      ? { tokenId: 'demo-loader', role: 'coordinator', agencyId, label: await registry.name(agencyId) }
      : { tokenId: 'demo-loader', role: 'agency', agencyId, label: await registry.name(agencyId) };
  const body = { baseVersion: 0, rows };
  const names = new Map((await registry.all()).map((a) => [a.id, a.name]));
  const extra = planFindings(round, 'progress', agencyId, (id) => names.get(id) ?? id, plan, rows);
  const findings = checkSheet({ round, table: 'progress', body, matcher, extra, now: at });
  const key = `demo-${round.id}-progress-${agencyId}`;
  await syncSheet(
    db,
    { round, table: 'progress', agencyId, principal, body, matcher, now: at, idempotencyKey: key, requestHash: key },
    findings,
  );
}

/** Open and answer Đề án 11's May and June 2026 progress rounds unless they exist. True when loaded now. */
export async function loadDemoProgress(db: Kysely<Database>, registry: RegistryStore): Promise<boolean> {
  const exists = await db.selectFrom('rounds').select('id').where('id', '=', DEMO_MAY_ROUND_ID).executeTakeFirst();
  if (exists) return false;
  const principal = {
    tokenId: 'demo-loader',
    role: 'coordinator',
    agencyId: COORDINATOR_AGENCY,
    label: await registry.name(COORDINATOR_AGENCY),
  } as const;
  const actor = { db, registry, principal };
  await openNextRound(actor, DEMO_ROUND_ID, { today: '2026-05-01', period: MAY });
  await openNextRound(actor, DEMO_MAY_ROUND_ID, { today: '2026-06-01' });
  const matcher = await registry.matcher();
  const may = await getRound(db, DEMO_MAY_ROUND_ID);
  const june = await getRound(db, DEMO_JUNE_ROUND_ID);
  const plan = sortPlanRows(may, 'progress', await loadPlanRows(db, DEMO_ROUND_ID, 'progress', matcher));
  const tasks = plan.filter((p) => String(p.cells.name ?? '').trim() !== '' && String(p.cells.timeframe ?? '') !== '');
  const byReporter = new Map<string, PlanRow[]>();
  for (const p of tasks) byReporter.set(p.reporter, [...(byReporter.get(p.reporter) ?? []), p]);
  const sending = sendingPlan([...new Set([...june.expectedAgencies, ...byReporter.keys()])]);
  const sendingOf = (agencyId: string) => sending.get(agencyId) ?? { may: null, june: null };
  // Tasks due by June, in plan order, take their turn among done late, open and done on time.
  const dueTurn = { next: 0 };
  const answers = new Map(tasks.map((p) => [p.uid, answersOf(p, false, dueTurn)]));
  // Two continuous tasks, of agencies that report both months, done in May and open again in June.
  const regressions = new Set(
    tasks
      .filter((p) => p.cells.timeframe === 'Thường xuyên')
      .filter((p) => sendingOf(p.reporter).may !== null && sendingOf(p.reporter).june !== null)
      .sort((a, b) => chance(a.uid) - chance(b.uid))
      .slice(0, 2)
      .map((p) => p.uid),
  );
  for (const [agencyId, mine] of [...byReporter].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const when = sendingOf(agencyId);
    const reported = (month: 'may' | 'june') =>
      mine.map((p) => {
        const locked = Object.fromEntries(
          ['name', 'content', 'lead', 'partners', 'timeframe', 'output'].map((k) => [
            k,
            (p.cells[k] as string) ?? null,
          ]),
        );
        return {
          uid: p.uid,
          section: p.section,
          code: p.code,
          ...locked,
          ...(regressions.has(p.uid) ? answersOf(p, true, dueTurn) : answers.get(p.uid)!)[month],
        };
      });
    if (when.may) await send(db, registry, matcher, may, plan, agencyId, reported('may'), new Date(when.may));
    if (when.june) await send(db, registry, matcher, june, plan, agencyId, reported('june'), new Date(when.june));
  }
  return true;
}
