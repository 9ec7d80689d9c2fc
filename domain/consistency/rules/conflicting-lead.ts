/**
 * conflicting_lead: agencies disagree on who leads a task. Two ways:
 * - the same task (tasks table) sent by several agencies naming different lead agencies,
 *   compared as registry ids, so "Sở KH&CN" and "Sở Khoa học và Công nghệ" agree;
 * - a budget line whose leads have nothing in common with the leads of the task it funds. Here
 *   a budget line may name co-investors, so only disjoint leads conflict, and a group covers its
 *   members ("Các sở, ngành" covers Sở Y tế).
 */
import type { AgencyMatch } from '../../parse/agency.js';
import { matchId, type RoundContext, type RowFacts } from '../context.js';
import type { Flag } from '../flag.js';
import { ANY, covers, type Membership } from '../groups.js';
import { makeFlag } from '../ids.js';
import { flagMessages, place } from '../messages.js';
import type { GroupOutcome } from './conflicting-amounts.js';

const leadName = (ctx: RoundContext, m: AgencyMatch) =>
  m.via === 'unknown' ? m.raw : ctx.input.agencyName(m.agency.id);

export function conflictingTaskLeads(ctx: RoundContext, groups: readonly number[][]): GroupOutcome {
  const facts = ctx.facts.tasks;
  const flags: Flag[] = [];
  const reported: number[][] = [];
  for (const group of groups) {
    const byAgency = new Map<string, Map<string, AgencyMatch>>();
    for (const i of group) {
      const f = facts[i]!;
      const leads = byAgency.get(f.row.agencyId) ?? new Map<string, AgencyMatch>();
      for (const m of f.leads) leads.set(matchId(m), m);
      byAgency.set(f.row.agencyId, leads);
    }
    const agencies = [...byAgency.keys()].sort();
    const signatures = agencies.map((a) => [...byAgency.get(a)!.keys()].sort().join('|'));
    if (signatures.every((s) => s === signatures[0])) continue;
    const first = facts[group[0]!]!;
    reported.push(group);
    flags.push(
      makeFlag({
        code: 'conflicting_lead',
        table: 'tasks',
        rows: group.map((i) => facts[i]!.row),
        message: flagMessages.conflictingLead(
          first.name,
          place(first.row.section, first.row.code),
          agencies.map((a) => ({
            agency: ctx.input.agencyName(a),
            leads: [...byAgency.get(a)!.values()].map((m) => leadName(ctx, m)),
          })),
        ),
        figures: { leads: Object.fromEntries(agencies.map((a) => [a, [...byAgency.get(a)!.keys()].sort()])) },
      }),
    );
  }
  return { flags, reported };
}

/** Budget lines whose leads share nobody with the leads of the task they were linked to. */
export function conflictingLinkedLeads(ctx: RoundContext, links: Int32Array): Flag[] {
  const flags: Flag[] = [];
  const { tasks, budget } = ctx.facts;
  budget.forEach((b, i) => {
    const t = links[i]! >= 0 ? tasks[links[i]!] : undefined;
    if (!t || b.leads.length === 0 || t.leads.length === 0 || leadsOverlap(ctx, b, t)) return;
    flags.push(
      makeFlag({
        code: 'conflicting_lead',
        table: 'budget',
        rows: [b.row, t.row],
        message: flagMessages.conflictingLeadLink(
          {
            name: b.name,
            where: place(b.row.section, b.row.code),
            agency: ctx.input.agencyName(b.row.agencyId),
            leads: b.leads.map((m) => leadName(ctx, m)),
          },
          { name: t.name, where: place(t.row.section, t.row.code), leads: t.leads.map((m) => leadName(ctx, m)) },
        ),
        figures: { budgetLeads: b.leadIds, taskLeads: t.leadIds, taskUid: t.row.uid },
      }),
    );
  });
  return flags;
}

/** Some lead of one is, belongs to, or contains some lead of the other. */
function leadsOverlap(ctx: RoundContext, a: RowFacts, b: RowFacts): boolean {
  for (const x of a.leads) {
    for (const y of b.leads) {
      if (matchId(x) === matchId(y)) return true;
      const cx = covers(x);
      const cy = covers(y);
      if (includes(ctx, cx.kinds, cy.id) || includes(ctx, cy.kinds, cx.id) || shareKind(cx.kinds, cy.kinds))
        return true;
    }
  }
  return false;
}

/** A group covers a (non-group) agency of a kind it names. */
function includes(ctx: RoundContext, kinds: ReadonlySet<Membership>, id: string | null): boolean {
  if (id === null || kinds.size === 0) return false;
  const agency = ctx.agencies.get(id);
  return agency !== undefined && agency.kind !== 'group' && (kinds.has(ANY) || kinds.has(agency.kind));
}

/** Two groups that cover a common kind ("Các sở, ngành" and "Các sở quản lý ngành"). */
function shareKind(a: ReadonlySet<Membership>, b: ReadonlySet<Membership>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  if (a.has(ANY) || b.has(ANY)) return true;
  for (const k of a) if (b.has(k)) return true;
  return false;
}
