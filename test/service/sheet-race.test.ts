/**
 * A sync and an acceptance of the same submitted sheet sent at once: the sheet's lock orders
 * them, exactly one wins, and the other is told why (423 for a sync that came second, 409 for an
 * acceptance of a version the sync has just replaced). Repeated, since either may come first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from './harness.js';

const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;

describe.each(testDatabases())('a sync racing an acceptance on %s', (kind) => {
  let s: Service;
  const rows = budgetRowsLedBy('Sở Y tế');
  let version = 0;
  beforeAll(async () => {
    s = await startService(kind);
    const first = await sync(0, rows);
    expect(first.status).toBe(200);
    version = first.body.version;
  });
  afterAll(() => s.close());

  const sync = (baseVersion: number, sent: typeof rows) =>
    s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion, rows: sent },
    });
  const move = (action: string, token: string, body: Record<string, unknown> = {}) =>
    s.call('POST', `${sheet}/${action}?agency=so-y-te`, { token, body });

  it('lets exactly one win, and tells the other why', async () => {
    const winners = new Set<string>();
    for (let i = 0; i < 6; i++) {
      expect((await move('submit', s.tokens.yte)).status).toBe(200);
      const edited = rows.map((r, n) => (n === 0 ? { ...r, name: `${r.name} (lần ${i + 1})` } : r));
      const [synced, accepted] = await Promise.all([
        sync(version, edited),
        move('accept', s.tokens.validator, { version }),
      ]);
      const state = await s.call('GET', `${sheet}/state`, { token: s.tokens.yte });
      expect([synced.status, accepted.status].filter((st) => st === 200)).toHaveLength(1);
      if (accepted.status === 200) {
        winners.add('accept');
        expect(synced.status).toBe(423);
        expect(synced.body.error.message).toContain('đã được Chuyên viên thẩm định chấp nhận');
        expect(state.body.status).toMatchObject({ state: 'accepted', version });
        const reopened = await move('reopen', s.tokens.coordinator, { note: 'Cho phép cơ quan gửi lại' });
        expect(reopened.status).toBe(200);
      } else {
        winners.add('sync');
        expect(accepted.status).toBe(409);
        expect(accepted.body.error.code).toBe('stale_version');
        expect(accepted.body.error.message).toContain(`sau phiên bản ${version} mà bạn đã xem`);
        expect(state.body.status).toMatchObject({ state: 'submitted', version: synced.body.version });
        version = synced.body.version;
      }
    }
    expect(winners.size).toBeGreaterThan(0);
  });

  it('refuses to accept a version other than the one stored, and accepts the one stored', async () => {
    await move('submit', s.tokens.yte);
    const stale = await move('accept', s.tokens.validator, { version: version - 1 });
    expect(stale.status).toBe(409);
    const current = await move('accept', s.tokens.validator, { version });
    expect(current.status).toBe(200);
    expect(current.body.state).toBe('accepted');
  });
});
