/**
 * The consistency flags the pane lists under a table: for an agency, those on its own rows of
 * that table, each with its severity and the rows it is on (a click selects them); province-wide
 * totals are for the coordinators, who can act on them, and are not shown to an agency.
 */
import type { Role, TableName } from '../../domain/values.js';
import type { Flag } from '../sync/api.js';

export interface RowFlag {
  id: string;
  severity: Flag['severity'];
  message: string;
  /** The rows of this sheet the flag is on. */
  uids: string[];
}

export interface FlagsView {
  round: string;
  table: TableName;
  items: RowFlag[];
}

export function ownFlags(
  flags: readonly Flag[],
  table: TableName,
  me: { role: Role; agencyId: string | null },
): RowFlag[] {
  const agency = me.role === 'agency' ? me.agencyId : null;
  return flags.flatMap((f) => {
    const rows = f.rows.filter((r) => r.table === table && (agency === null || r.agencyId === agency));
    const roundWide = f.rows.length === 0;
    if (agency !== null ? rows.length === 0 : !roundWide && rows.length === 0 && f.table !== table) return [];
    return [{ id: f.id, severity: f.severity, message: f.message, uids: rows.map((r) => r.uid) }];
  });
}
