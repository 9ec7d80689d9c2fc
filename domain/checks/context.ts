/** What a check run needs to know besides the rows. */
import type { AgencyMatcher } from '../parse/agency.js';
import type { Period, TableDef } from '../tables.js';

export interface CheckContext {
  readonly def: TableDef;
  readonly period: Period;
  readonly matcher: AgencyMatcher;
  /** Allowed section paths of the round's outline (sheet layout only); undefined skips the check. */
  readonly sections?: readonly string[];
}
