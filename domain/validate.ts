/** Convenience wrapper: check a table and produce the public report shape. */

import { checkTable, type Layout } from './checks/check-table.js';
import { AgencyMatcher } from './parse/agency.js';
import type { Registry } from './registry.js';
import type { Report } from './report.js';
import { DEFAULT_PERIOD, type Period, tableDef } from './tables.js';
import type { TableName } from './values.js';

export interface ValidateOptions {
  table: TableName;
  period?: Period;
  registry: Pick<Registry, 'agencies'> | AgencyMatcher;
  layout?: Layout;
  sections?: readonly string[];
  /** The number a user sees for a data row where a message names another row (the file's line). */
  rowNumber?: (row: number) => number;
}

const matchers = new WeakMap<object, AgencyMatcher>();

/** Reuse one matcher per registry object: building its index is the costly part. */
export function matcherFor(registry: Pick<Registry, 'agencies'> | AgencyMatcher): AgencyMatcher {
  if (registry instanceof AgencyMatcher) return registry;
  let m = matchers.get(registry);
  if (!m) matchers.set(registry, (m = new AgencyMatcher(registry)));
  return m;
}

export function validateTable(rows: readonly Record<string, unknown>[], options: ValidateOptions): Report {
  const period = options.period ?? DEFAULT_PERIOD;
  const ctx = {
    def: tableDef(options.table, period),
    period,
    matcher: matcherFor(options.registry),
    ...(options.sections ? { sections: options.sections } : {}),
    ...(options.rowNumber ? { rowNumber: options.rowNumber } : {}),
  };
  // The facts stay column-wise: the report needs only the findings.
  const { findings } = checkTable(ctx, rows, options.layout ?? 'appendix');
  return { table: options.table, rows: rows.length, findings };
}
