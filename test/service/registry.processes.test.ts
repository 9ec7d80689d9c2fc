/**
 * Two service processes on one database (two apps, each with its own RegistryStore): an agency
 * saved through one is known to the other at its next request, not only after a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { createApp, defaultConfig } from '../../service/app.js';
import { RegistryStore } from '../../service/registry-store.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from './harness.js';

describe.each(testDatabases())('the registry across service processes on %s', (kind) => {
  let s: Service;
  let other: ReturnType<typeof createApp>;
  let otherRegistry: RegistryStore;

  beforeAll(async () => {
    s = await startService(kind);
    // Checks the database at every request, so that the test need not wait out the interval.
    otherRegistry = new RegistryStore(s.db, 0);
    other = createApp({ db: s.db, registry: otherRegistry, config: defaultConfig() });
  });
  afterAll(async () => {
    await s.close();
  });

  const syncThroughOther = (rows: unknown[]) =>
    other.request(`/api/v1/rounds/${ROUND}/sheets/budget`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${s.tokens.yte}`,
        'content-type': 'application/json',
        'idempotency-key': newKey(),
      },
      body: JSON.stringify({ baseVersion: 0, rows }),
    });

  it('checks a sync against the agency another process has just added', async () => {
    // The other process has its registry loaded, without the new agency.
    expect((await otherRegistry.matcher()).lookup('Trung tâm Y tế khu vực Bảo Thắng')).toBeNull();
    const saved = await s.call('PUT', '/api/v1/registry/agencies/ttyt-khu-vuc-bao-thang', {
      token: s.tokens.admin,
      body: {
        name: 'Trung tâm Y tế khu vực Bảo Thắng',
        kind: 'public_unit',
        aliases: ['TTYT khu vực Bảo Thắng'],
        formerly: [],
      },
    });
    expect(saved.status).toBe(200);
    const rows = budgetRowsLedBy('Sở Y tế').map((r, i) => (i === 0 ? { ...r, partners: 'TTYT khu vực Bảo Thắng' } : r));
    const res = await syncThroughOther(rows);
    const body = (await res.json()) as { findings: { code: string; suggestion: string | null }[] };
    expect(res.status).toBe(200);
    // Recognised through its alias, not refused as unknown.
    expect(body.findings).toContainEqual(
      expect.objectContaining({ code: 'agency_alias', suggestion: 'Trung tâm Y tế khu vực Bảo Thắng' }),
    );
    expect(body.findings.map((f) => f.code)).not.toContain('unknown_agency');
  });

  it('reads the registry again only when it changed, and at most once per interval', async () => {
    const store = new RegistryStore(s.db, 60_000);
    await store.revalidate(0);
    const first = await store.matcher();
    await store.revalidate(1_000);
    expect(await store.matcher()).toBe(first);
    await s.call('PUT', '/api/v1/registry/agencies/so-y-te', {
      token: s.tokens.admin,
      body: { name: 'Sở Y tế', kind: 'department', aliases: ['SYT', 'Y tế', 'SYT tỉnh'], formerly: [] },
    });
    // Within the interval it keeps what it has; after it, it notices the change.
    await store.revalidate(30_000);
    expect(await store.matcher()).toBe(first);
    await store.revalidate(61_000);
    const second = await store.matcher();
    expect(second).not.toBe(first);
    expect(second.lookup('SYT tỉnh')?.agency.id).toBe('so-y-te');
    // Unchanged since: kept.
    await store.revalidate(200_000);
    expect(await store.matcher()).toBe(second);
  });
});
