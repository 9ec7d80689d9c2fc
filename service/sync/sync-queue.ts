/**
 * Syncs of one round are written one batch at a time: a sync that arrives while the round's
 * batch is being written waits for the next batch, with every other sync that arrived meanwhile,
 * and that batch is written in one transaction (syncSheets). A lone sync is written at once, as
 * before; on deadline day, when a hundred agencies send at once, the round's flags are computed
 * and written once per batch instead of once per agency, and one commit serves them all. Syncs
 * of a round were already written one at a time: each holds the round's flag lock to its commit.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { type SyncOutcome, type SyncRequest, syncSheets } from './sync-sheet.js';

/** Bounds on one batch: its scope of flags and its transaction grow with it. */
export const MAX_BATCH_REQUESTS = 32;
export const MAX_BATCH_ROWS = 20_000;

interface Waiting {
  request: SyncRequest;
  resolve(outcome: { status: number; body: unknown }): void;
  reject(error: unknown): void;
}

const queues = new WeakMap<object, Map<string, Waiting[]>>();

/** Writes a checked request with the other syncs of its round that are waiting; answers or throws its own outcome. */
export function queueSync(db: Kysely<Database>, request: SyncRequest): Promise<{ status: number; body: unknown }> {
  let byRound = queues.get(db);
  if (!byRound) queues.set(db, (byRound = new Map()));
  const roundId = request.input.round.id;
  return new Promise((resolve, reject) => {
    const waiting = byRound.get(roundId);
    if (waiting) {
      waiting.push({ request, resolve, reject });
      return;
    }
    const queue: Waiting[] = [{ request, resolve, reject }];
    byRound.set(roundId, queue);
    void drain(db, byRound, roundId, queue);
  });
}

/**
 * Batches in turn. A batch is taken when the one before it is done, so the syncs that arrived
 * meanwhile go together; running the next batch's sheets beside this one's flags was tried and
 * was slower (smaller batches, and the service's thread, not the database, is what is busy).
 * The queue leaves the map in the same turn as it is found empty, so no sync is left in it.
 */
async function drain(
  db: Kysely<Database>,
  byRound: Map<string, Waiting[]>,
  roundId: string,
  queue: Waiting[],
): Promise<void> {
  try {
    while (queue.length > 0) {
      const batch = takeBatch(queue);
      // Whatever happens, every waiting sync gets an answer: none may wait forever.
      const outcomes = await writeBatch(
        db,
        batch.map((w) => w.request),
      ).catch((error: unknown) => batch.map(() => ({ error })));
      batch.forEach((w, i) => settle(w, outcomes[i] ?? { error: new Error('sync batch gave no outcome') }));
    }
  } finally {
    byRound.delete(roundId);
  }
}

function takeBatch(queue: Waiting[]): Waiting[] {
  let rows = 0;
  let n = 0;
  while (n < queue.length && n < MAX_BATCH_REQUESTS) {
    rows += queue[n]!.request.input.body.rows.length;
    if (n > 0 && rows > MAX_BATCH_ROWS) break;
    n++;
  }
  return queue.splice(0, n);
}

/**
 * One transaction for the batch; should it fail as a whole (the flags, the commit, a deadlock
 * with another process), each request is tried again alone, so that none fails for another's sake.
 */
async function writeBatch(db: Kysely<Database>, requests: SyncRequest[]): Promise<SyncOutcome[]> {
  try {
    return await syncSheets(db, requests);
  } catch (error) {
    if (requests.length === 1) return [{ error }];
    const outcomes: SyncOutcome[] = [];
    for (const request of requests)
      outcomes.push(
        await syncSheets(db, [request]).then(
          ([o]) => o!,
          (e: unknown) => ({ error: e }),
        ),
      );
    return outcomes;
  }
}

function settle(waiting: Waiting, outcome: SyncOutcome): void {
  if ('error' in outcome) waiting.reject(outcome.error);
  else waiting.resolve(outcome);
}
