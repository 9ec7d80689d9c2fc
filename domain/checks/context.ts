/** What a check run needs to know besides the rows. */
import type { AgencyMatcher } from '../parse/agency.js';
import type { ProgressCheckOptions } from '../progress/checks.js';
import type { Period, TableDef } from '../tables.js';

export interface CheckContext {
  readonly def: TableDef;
  readonly period: Period;
  readonly matcher: AgencyMatcher;
  /** Allowed section paths of the round's outline (sheet layout only); undefined skips the check. */
  readonly sections?: readonly string[];
  /**
   * Sheet layout only: `section|code` of items that have sub-items elsewhere in the round (a
   * group row led by one agency whose sub-items other agencies send). Such a row may leave its
   * detail cells empty, as it may in the official appendix.
   */
  readonly parentKeys?: ReadonlySet<string>;
  /**
   * Whether to scan every cell for NUL and half surrogate pairs, and agency names for hidden
   * marks (default true). The service turns it off for a body whose raw text cannot hold them
   * (`mayHoldFaultyText`).
   */
  readonly scanCharacters?: boolean;
  /**
   * The number a user sees for a 1-based data row (the sheet's row in Excel, the file's line in
   * the CLI), used where a message names another row. Defaults to the data row itself.
   */
  readonly rowNumber?: (row: number) => number;
  /**
   * A progress table's checks across a row's cells (status, completion date, result, disbursed),
   * which need the day of the check and the plan's first day; undefined skips them.
   */
  readonly progress?: ProgressCheckOptions;
}
