/**
 * A sync's preview (`PUT …/sheets/{table}?dryRun=true`): what the sync would do to the sheet's
 * rows and to the flags, worked out by the sync's own diff (diffSheet) and flag engine
 * (previewFlags), in a read-only transaction. Nothing is written, and the round index the syncs
 * keep is left alone: the previews keep their own, which holds committed rows only, so the
 * preview's rows never enter a cache that a sync or a pull reads.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { type Finding, tableDef } from '../../domain/index.js';
import { flagsAbout, previewFlags } from '../flags/refresh.js';
import { periodOf } from '../rounds/round.js';
import type { DryRunResult } from '../routes/schemas.js';
import { sheetLocked } from '../sheets/lifecycle.js';
import type { Cells } from './stored-row.js';
import { diffSheet, type StoredRow, type SyncInput, staleVersion, storedRowsOf, uidsTaken } from './sync-sheet.js';

/** The previews' round indexes, one owner per service database (see roundIndex). */
const previewOwners = new WeakMap<object, object>();
const previewOwner = (db: object) => {
  let owner = previewOwners.get(db);
  if (!owner) previewOwners.set(db, (owner = {}));
  return owner;
};

const KINDS = { insert: 'new', update: 'changed', restore: 'restored', delete: 'removed' } as const;

/**
 * What syncing `input` would do, or the error the sync would answer (thrown): 423 on an accepted
 * sheet, 409 on a stale base version or another agency's uid. The request's findings (checkSheet)
 * are the sync's; a request with errors never gets here.
 */
export async function dryRunSync(
  db: Kysely<Database>,
  input: Omit<SyncInput, 'idempotencyKey' | 'requestHash'>,
  findings: (Finding & { uid: string })[],
): Promise<DryRunResult> {
  const { round, table, agencyId, body } = input;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const sheet = await trx
        .selectFrom('sheets')
        .select(['version', 'state', 'accepted_by', 'accepted_at'])
        .where('round_id', '=', round.id)
        .where('table_name', '=', table)
        .where('agency_id', '=', agencyId)
        .executeTakeFirst();
      if (sheet?.state === 'accepted') throw sheetLocked(sheet.accepted_by, sheet.accepted_at);
      const version = sheet?.version ?? 0;
      if (version !== body.baseVersion) throw await staleVersion(trx, input, version);
      const uids = body.rows.map((r) => r.uid);
      const [stored, taken] = await Promise.all([
        storedRowsOf(trx, round.id)
          .where('table_name', '=', table)
          .where('agency_id', '=', agencyId)
          .execute() as Promise<StoredRow[]>,
        uids.length === 0
          ? Promise.resolve([])
          : trx
              .selectFrom('sheet_rows')
              .select('uid')
              .where('round_id', '=', round.id)
              .where('table_name', '=', table)
              .where('agency_id', '<>', agencyId)
              .where('uid', 'in', uids)
              .execute(),
      ]);
      if (taken.length > 0) {
        const theirs = new Set(taken.map((t) => t.uid));
        throw uidsTaken(uids.filter((u) => theirs.has(u)));
      }
      const request = { input: { ...input, idempotencyKey: '', requestHash: '' }, findings };
      const plan = diffSheet(request, version, stored);
      const flags = plan.changed
        ? await previewFlags(trx, {
            round,
            matcher: input.matcher,
            now: input.now,
            cacheOwner: previewOwner(db),
            agencyIds: [agencyId],
            synced: [plan.sheet],
          })
        : { raised: [], resolved: [] };
      const positions = new Map(body.rows.map((r, i) => [r.uid, i + 1]));
      const counts = { new: 0, changed: 0, unchanged: 0, removed: 0, restored: 0 };
      const changes: DryRunResult['changes'] = [];
      const columns = tableDef(table, periodOf(round)).columns.map((c) => c.key);
      for (const w of plan.write.rows) {
        if (w.action === null) continue;
        const kind = KINDS[w.action];
        counts[kind]++;
        const before = w.before;
        const after = w.action === 'delete' ? null : ({ section: w.section, code: w.code, ...w.data } as Cells);
        const keys = ['section', ...columns];
        changes.push({
          kind,
          rowId: w.uid,
          rowNumber: w.action === 'delete' ? null : (positions.get(w.uid) ?? null),
          before,
          after,
          columns: keys.filter((k) => !same(before?.[k], after?.[k])),
        });
      }
      counts.unchanged = plan.statuses.filter((s) => s.status === 'unchanged').length;
      return {
        dryRun: true as const,
        version,
        wouldBeVersion: plan.version,
        counts,
        changes,
        findings,
        flags: { raised: flagsAbout(flags.raised, agencyId), resolved: flagsAbout(flags.resolved, agencyId) },
      };
    });
}

/** Blank is blank, whether the row had no such cell or an empty one. */
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
