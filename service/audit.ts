/**
 * The audit trail of changes that are not a sheet's rows (those are written with the rows,
 * service/sync/write-rows.ts): rounds, reviews of flags, the registry's agencies and the access
 * tokens. One record per change: who, when, what (`table`, `uid`), before and after.
 */
import type { Kysely, Transaction } from 'kysely';
import { toJsonb } from '../db/jsonb.js';
import type { Database } from '../db/schema/index.js';
import type { Principal } from './context.js';

/** Who made a change, as the audit trail names them. */
export type Actor = Pick<Principal, 'label' | 'role' | 'agencyId'>;

export interface Change {
  action: string;
  /** The round the change belongs to; none for the registry and tokens. */
  roundId?: string | null;
  /** With `uid`, the record changed: 'agencies' or 'tokens' and its id, or a flag's table. */
  table?: string | null;
  uid?: string | null;
  before?: object | null;
  after?: object | null;
  note?: string | null;
  at?: Date;
}

/** @example await recordChange(trx, principal, { action: 'agency_update', table: 'agencies', uid: 'so-y-te', before, after }); */
export async function recordChange(
  db: Kysely<Database> | Transaction<Database>,
  actor: Actor,
  change: Change,
): Promise<void> {
  await recordChanges(db, actor, [change]);
}

/** Several changes by one actor in one statement per thousand (a bulk review of a few thousand flags). */
export async function recordChanges(
  db: Kysely<Database> | Transaction<Database>,
  actor: Actor,
  changes: readonly Change[],
): Promise<void> {
  for (let i = 0; i < changes.length; i += 1000) {
    await db
      .insertInto('audit_log')
      .values(
        changes.slice(i, i + 1000).map((change) => ({
          ...(change.at ? { at: change.at } : {}),
          actor: actor.label,
          role: actor.role,
          agency_id: actor.agencyId,
          round_id: change.roundId ?? null,
          table_name: change.table ?? null,
          uid: change.uid ?? null,
          action: change.action,
          before: change.before ? toJsonb(change.before) : null,
          after: change.after ? toJsonb(change.after) : null,
          note: change.note ?? null,
        })),
      )
      .execute();
  }
}
