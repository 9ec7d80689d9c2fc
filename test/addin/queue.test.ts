/** The sync queue: idempotent retries with backoff, coalescing, conflicts, and surviving a restart. */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiFailure, NetworkFailure, type SyncRequest, type SyncResponse } from '../../addin/sync/api.js';
import { type QueueEntry, type QueueEvent, SyncQueue } from '../../addin/sync/queue.js';
import { backoffMs, isRetryable } from '../../addin/sync/retry.js';
import { MemoryStore } from '../../addin/sync/store.js';

type Call = { round: string; table: string; body: SyncRequest; key: string };

/** A service stand-in: answers from a script, records every call. */
function fakeApi(script: ((call: Call) => SyncResponse | Error)[]) {
  const calls: Call[] = [];
  return {
    calls,
    putSheet: async (round: string, table: string, body: SyncRequest, key: string) => {
      const call = { round, table, body, key };
      calls.push(call);
      const step = script.shift() ?? (() => new Error('no more answers'));
      const answer = step(call);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const ok = (version: number) => (): SyncResponse => ({ version, rows: [], findings: [], flags: [] });
const offline = () => new NetworkFailure(new TypeError('fetch failed'));
const sheet = { workbookId: 'wb', round: 'r', table: 'budget' as const };
const rows = (name: string) => [{ uid: 'a', section: 'I', code: '1', name }];

let clock = 1_000_000;
const queues: SyncQueue[] = [];
function make(api: ReturnType<typeof fakeApi>, store = new MemoryStore<QueueEntry>()) {
  const q = new SyncQueue(store, api as never, {
    now: () => clock,
    random: () => 0.5,
    retry: { baseMs: 1000, maxMs: 8000 },
  });
  queues.push(q);
  const events: QueueEvent[] = [];
  q.on((e) => e.type !== 'changed' && events.push(e));
  return { q, events, store };
}
afterEach(() => {
  for (const q of queues.splice(0)) q.stop();
});

describe('backoff', () => {
  it('doubles from the base up to the cap, with jitter around it', () => {
    const policy = { baseMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, policy, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffMs(1, policy, () => 0)).toBe(800);
    expect(backoffMs(1, policy, () => 1)).toBe(1200);
  });

  it('retries network failures and passing server trouble, never a refusal', () => {
    expect(isRetryable(offline())).toBe(true);
    expect(isRetryable(new ApiFailure(503, 'http_503', '', {}))).toBe(true);
    expect(isRetryable(new ApiFailure(422, 'rows_rejected', '', {}))).toBe(false);
    expect(isRetryable(new ApiFailure(409, 'stale_version', '', {}))).toBe(false);
  });
});

describe('SyncQueue', () => {
  it('sends with the base version and an idempotency key, and retries with the same key and body', async () => {
    const api = fakeApi([offline, ok(4)]);
    const { q, events } = make(api);
    await q.attach('wb');
    await q.enqueue({ ...sheet, baseVersion: 3, rows: rows('x') });
    await q.process();
    expect(events.map((e) => e.type)).toEqual(['waiting']);
    expect((events[0] as { retryInMs: number }).retryInMs).toBe(1000);
    clock += 1000;
    await q.process();
    expect(events.map((e) => e.type)).toEqual(['waiting', 'sent']);
    expect(api.calls).toHaveLength(2);
    expect(api.calls[1]!.key).toBe(api.calls[0]!.key);
    expect(api.calls[1]!.body).toEqual({ baseVersion: 3, rows: rows('x') });
    expect(await q.list()).toEqual([]);
  });

  it('keeps waiting entries across a restart (closing the workbook) and sends them when it is open again', async () => {
    const store = new MemoryStore<QueueEntry>();
    const first = make(fakeApi([offline]), store);
    await first.q.attach('wb');
    await first.q.enqueue({ ...sheet, baseVersion: 0, rows: rows('x') });
    await first.q.process();
    first.q.stop();
    const api = fakeApi([ok(1)]);
    const second = make(api, store);
    await second.q.attach('another-workbook');
    expect(api.calls).toHaveLength(0); // only the workbook they belong to sends them
    await second.q.attach('wb');
    await second.q.retryNow();
    expect(second.events.map((e) => e.type)).toEqual(['sent']);
  });

  it('replaces a send never attempted by the newer one of the same sheet', async () => {
    const api = fakeApi([ok(1)]);
    const { q } = make(api);
    await q.enqueue({ ...sheet, baseVersion: 0, rows: rows('old') }); // not attached yet: nothing is sent
    await q.enqueue({ ...sheet, baseVersion: 0, rows: rows('new') });
    expect((await q.list()).map((e) => e.rows[0]!.name)).toEqual(['new']);
    await q.attach('wb');
    await q.process();
    expect(api.calls.map((c) => c.body.rows[0]!.name)).toEqual(['new']);
  });

  it('queues a newer send behind one that may have arrived, on the version it produces', async () => {
    const api = fakeApi([offline, ok(6), ok(7)]);
    const { q } = make(api);
    await q.attach('wb');
    await q.enqueue({ ...sheet, baseVersion: 5, rows: rows('first') });
    await q.process();
    await q.enqueue({ ...sheet, baseVersion: 5, rows: rows('second') });
    clock += 1000;
    await q.process();
    await q.process();
    expect(api.calls.map((c) => [c.body.baseVersion, c.body.rows[0]!.name])).toEqual([
      [5, 'first'],
      [5, 'first'],
      [6, 'second'],
    ]);
  });

  it('holds a 409 until the user chooses, then resends on the server version with a new key', async () => {
    const stale = new ApiFailure(409, 'stale_version', 'Bảng trên hệ thống đã được cập nhật', {
      currentVersion: 9,
      changedRows: [{ uid: 'a', section: 'I', code: '1', name: 'khác', deleted: false, version: 9 }],
    });
    const api = fakeApi([() => stale, ok(10)]);
    const { q, events } = make(api);
    await q.attach('wb');
    await q.enqueue({ ...sheet, baseVersion: 7, rows: rows('mine') });
    await q.process();
    expect(events.map((e) => e.type)).toEqual(['conflict']);
    const [entry] = await q.list();
    expect(entry!.conflict).toMatchObject({ currentVersion: 9 });
    await q.retryNow();
    expect(api.calls).toHaveLength(1); // a conflict waits for the user
    await q.resolve(entry!.id, 'resend');
    expect(api.calls[1]!.body.baseVersion).toBe(9);
    expect(api.calls[1]!.key).not.toBe(api.calls[0]!.key);
  });

  it('drops a send the service refuses as it is, and tells why', async () => {
    const api = fakeApi([() => new ApiFailure(422, 'rows_rejected', 'Bảng chưa được ghi', { findings: [] })]);
    const { q, events } = make(api);
    await q.attach('wb');
    await q.enqueue({ ...sheet, baseVersion: 0, rows: rows('x') });
    await q.process();
    expect(events.map((e) => e.type)).toEqual(['rejected']);
    expect(await q.list()).toEqual([]);
  });
});

it('holds a send refused for want of a valid token until someone signs in again', async () => {
  const api = fakeApi([() => new ApiFailure(401, 'unauthorized', 'Chưa đăng nhập', {}), ok(1)]);
  const { q, events } = make(api);
  await q.attach('wb');
  await q.enqueue({ ...sheet, baseVersion: 0, rows: rows('x') });
  await q.process();
  expect(events.map((e) => e.type)).toEqual(['signed-out']);
  clock += 10 * 60_000;
  await q.process();
  expect(api.calls).toHaveLength(1); // no timer brings it back…
  await q.retryNow(); // …signing in does
  expect(events.map((e) => e.type)).toEqual(['signed-out', 'sent']);
});
