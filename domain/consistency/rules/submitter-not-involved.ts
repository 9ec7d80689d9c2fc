/**
 * submitter_not_involved: a row in an agency's sheet that the agency neither leads nor
 * coordinates, counting group membership ("Các sở, ngành" involves every department). A group's
 * own sheet holds rows that name the group itself. A name the registry does not know could be
 * the agency under another spelling, so it counts as involving it (unknown_agency says the rest).
 */
import type { Agency } from '../../registry.js';
import type { CheckedTable, RoundContext, RowFacts } from '../context.js';
import type { Flag } from '../flag.js';
import { ANY, covers } from '../groups.js';
import { makeFlag } from '../ids.js';
import { flagMessages, place } from '../messages.js';

export function submitterNotInvolved(ctx: RoundContext, table: CheckedTable): Flag[] {
  const flags: Flag[] = [];
  for (const f of ctx.facts[table]) {
    const submitter = ctx.agencies.get(f.row.agencyId);
    // Without a lead the row's owner is unknown; the required-cell check already asks for it.
    if (!submitter || f.leadText === '' || involved(submitter, f)) continue;
    const lead = f.leadText;
    const partners = f.partnersText;
    flags.push(
      makeFlag({
        code: 'submitter_not_involved',
        table,
        rows: [f.row],
        message: flagMessages.submitterNotInvolved(
          f.name,
          place(f.row.section, f.row.code),
          ctx.input.agencyName(submitter.id),
          lead,
          partners,
        ),
        figures: { lead, partners },
      }),
    );
  }
  return flags;
}

function involved(submitter: Agency, f: RowFacts): boolean {
  for (const m of [...f.leads, ...f.partners]) {
    const { id, kinds } = covers(m);
    if (id === submitter.id) return true;
    if (m.via === 'unknown' && kinds.size === 0) return true;
    if (submitter.kind !== 'group' && (kinds.has(ANY) || kinds.has(submitter.kind))) return true;
  }
  return false;
}
