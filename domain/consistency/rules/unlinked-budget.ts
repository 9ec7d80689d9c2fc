/**
 * unlinked_budget: a budget line that funds no task of the tasks table (see links.ts). While
 * nobody has sent task rows yet there is nothing to link to, so nothing is reported.
 */
import type { RoundContext } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages, place } from '../messages.js';

export function unlinkedBudget(ctx: RoundContext, links: Int32Array): Flag[] {
  if (ctx.facts.tasks.length === 0) return [];
  return ctx.facts.budget
    .filter((b) => links[b.index]! < 0 && b.name !== '')
    .map((b) =>
      makeFlag({
        code: 'unlinked_budget',
        table: 'budget',
        rows: [b.row],
        message: flagMessages.unlinkedBudget(b.name, place(b.row.section, b.row.code)),
        figures: { name: b.name },
      }),
    );
}
