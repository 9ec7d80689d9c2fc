import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from './harness.js';

describe.each(testDatabases())('concurrent syncs over a listening server on %s', (kind) => {
  let s: Service;
  let server: ServerType;
  let base: string;
  beforeAll(async () => {
    s = await startService(kind);
    server = await new Promise<ServerType>((resolve) => {
      const srv = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(srv));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await s.close();
  });

  const put = (rows: unknown[], baseVersion: number) =>
    fetch(`${base}/api/v1/rounds/${ROUND}/sheets/budget`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${s.tokens.yte}`,
        'content-type': 'application/json',
        'idempotency-key': newKey(),
      },
      body: JSON.stringify({ baseVersion, rows }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('lets exactly one of two syncs of the same version win; the other gets 409', async () => {
    const rows = budgetRowsLedBy('Sở Y tế');
    for (let round = 0; round < 3; round++) {
      const current =
        (
          await s.db
            .selectFrom('sheets')
            .select('version')
            .where('round_id', '=', ROUND)
            .where('agency_id', '=', 'so-y-te')
            .executeTakeFirst()
        )?.version ?? 0;
      const a = rows.map((r) => ({ ...r, name: `${r.name} — bản A${round}` }));
      const b = rows.map((r) => ({ ...r, name: `${r.name} — bản B${round}` }));
      const results = await Promise.all([put(a, current), put(b, current)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      expect(winner.body.version).toBe(current + 1);
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.body.error.currentVersion).toBe(current + 1);
      const stored = await s.db
        .selectFrom('sheet_rows')
        .select('data')
        .where('round_id', '=', ROUND)
        .where('agency_id', '=', 'so-y-te')
        .execute();
      const names = stored.map((r) => (r.data as { name: string }).name);
      const won = winner === results[0] ? `A${round}` : `B${round}`;
      expect(names.every((n) => n.endsWith(`bản ${won}`))).toBe(true);
    }
  });
});
