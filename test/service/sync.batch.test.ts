/**
 * Syncs of one round that arrive together are written together (service/sync/sync-queue.ts):
 * one transaction, each request under its own savepoint, the flags once for all their agencies.
 * Each request must still get exactly the answer it would get alone, a failing request must
 * leave nothing of its own and take nothing of the others, and the flags must be those a full
 * recompute finds.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { EXCERPT_LENGTH, flagExcerpt, hasScope } from '../../domain/index.js';
import type { Principal } from '../../service/context.js';
import { ApiError } from '../../service/errors.js';
import { RegistryStore } from '../../service/registry-store.js';
import { getRound } from '../../service/rounds/round.js';
import { queueSync } from '../../service/sync/sync-queue.js';
import { checkSheet, type SyncOutcome, type SyncRequest, syncSheets } from '../../service/sync/sync-sheet.js';
import { budgetRowsLedBy, expectFlagsOfFullRecompute, newKey, ROUND, type Service, startService } from './harness.js';

describe.each(testDatabases())('syncs written together on %s', (kind) => {
  let s: Service;
  let principal: Principal;
  const base = `/api/v1/rounds/${ROUND}`;

  beforeAll(async () => {
    s = await startService(kind);
    const token = await s.db
      .selectFrom('tokens')
      .select(['id', 'label'])
      .where('role', '=', 'coordinator')
      .executeTakeFirstOrThrow();
    principal = { tokenId: token.id, role: 'coordinator', agencyId: 'so-khcn', label: token.label ?? 'Điều phối' };
  }, 60_000);
  afterAll(async () => {
    await s.close();
  });

  /** A checked request as the route hands it to the queue, sent by the coordinator on the agency's behalf. */
  async function request(
    agencyId: string,
    rows: Record<string, unknown>[],
    baseVersion: number,
    key = newKey(),
  ): Promise<SyncRequest> {
    const round = await getRound(s.db, ROUND);
    const matcher = await new RegistryStore(s.db).matcher();
    const body = { baseVersion, rows: rows as never };
    const findings = checkSheet({ round, table: 'budget', body, matcher });
    return {
      input: {
        round,
        table: 'budget',
        agencyId,
        principal,
        body,
        idempotencyKey: key,
        requestHash: JSON.stringify([agencyId, rows]),
        matcher,
        now: new Date(),
      },
      findings,
    };
  }

  const expectSameAsFull = () => expectFlagsOfFullRecompute(s, ROUND);

  const errorCode = (o: SyncOutcome) => ('error' in o && o.error instanceof ApiError ? o.error.code : null);
  const count = (table: 'sheets' | 'sheet_rows' | 'audit_log', agencyId: string) =>
    s.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('round_id', '=', ROUND)
      .where('agency_id', '=', agencyId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));

  it('answers each request as if alone; a stale, a taken uid or a reused key leaves nothing of its own', async () => {
    const health = budgetRowsLedBy('Sở Y tế');
    const finance = budgetRowsLedBy('Sở Tài chính');
    const farming = budgetRowsLedBy('Sở Nông nghiệp và Môi trường');
    expect(health.length).toBeGreaterThan(0);
    expect(finance.length).toBeGreaterThan(0);
    // Sở Tài chính also sends one of Sở Y tế's lines with its own money: one task, two agencies.
    const shared = {
      ...health[0]!,
      uid: 'stc-shared-line',
      total: '9.000',
      y2026: '1.800',
      y2027: '1.800',
      y2028: '1.800',
      y2029: '1.800',
      y2030: '1.800',
    };
    const healthKey = newKey();
    const a = await request('so-y-te', health, 0, healthKey);
    const requests = [
      a,
      await request('so-nn-mt', farming, 3), // stale: the sheet is at version 0
      await request('ubnd-tinh', [{ ...health[0]! }], 0), // Sở Y tế's uid, in another agency's sheet
      a, // the same request again (a retry sent before the first was answered)
      await request(
        'tinh-uy',
        finance.map((r) => ({ ...r, uid: `tu-${r.uid}` })),
        0,
        healthKey,
      ), // the same key, another body
      await request('so-tai-chinh', [...finance, shared], 0),
    ];
    const outcomes = await syncSheets(s.db, requests);

    expect(outcomes.map(errorCode)).toEqual([null, 'stale_version', 'conflict', null, 'idempotency_key_reused', null]);
    const [health1, stale, , twin, , finance1] = outcomes as any[];
    expect(health1.status).toBe(200);
    expect(health1.body.version).toBe(1);
    expect(health1.body.rows.map((r: any) => r.status)).toEqual(health.map(() => 'inserted'));
    expect(twin).toEqual(health1);
    expect(finance1.body.rows).toHaveLength(finance.length + 1);
    expect(stale.error.details.currentVersion).toBe(0);

    // Nothing of the failed requests: no sheet, no row, no audit record, no stored answer.
    for (const agency of ['so-nn-mt', 'ubnd-tinh', 'tinh-uy']) {
      for (const table of ['sheets', 'sheet_rows', 'audit_log'] as const)
        expect(await count(table, agency), `${agency} ${table}`).toBe(0);
    }
    expect(await count('sheet_rows', 'so-y-te')).toBe(health.length);
    expect(await count('audit_log', 'so-y-te')).toBe(health.length);
    expect(await count('sheet_rows', 'so-tai-chinh')).toBe(finance.length + 1);
    const keys = await s.db
      .selectFrom('idempotency_keys')
      .select(['key', 'response'])
      .where('token_id', '=', principal.tokenId)
      .execute();
    expect(keys.map((k) => k.key).sort()).toEqual([healthKey, requests[5]!.input.idempotencyKey].sort());
    expect(keys.find((k) => k.key === healthKey)!.response).toEqual(health1.body);

    // Each answer reports the flags naming its agency (and the round-wide ones), worked out with the other's rows.
    const stored = new Map((await s.call('GET', `${base}/flags?limit=1000`)).body.flags.map((f: any) => [f.id, f]));
    const conflict = finance1.body.flags.find((f: any) => f.code === 'conflicting_amounts');
    expect(conflict, 'the shared line gives Sở Tài chính a conflicting_amounts flag').toBeDefined();
    expect(health1.body.flags.map((f: any) => f.id)).toContain(conflict.id);
    for (const [answer, agency] of [
      [health1, 'so-y-te'],
      [finance1, 'so-tai-chinh'],
    ] as const) {
      for (const f of answer.body.flags)
        expect(hasScope(f.code, 'round') || (stored.get(f.id) as any).agencyIds.includes(agency)).toBe(true);
    }
    await expectSameAsFull();
  });

  it('answers many agencies syncing at once over HTTP, each its own sheet, and leaves the flags of a full recompute', async () => {
    const agencies = [
      ['so-gd-dt', 'Sở Giáo dục và Đào tạo'],
      ['so-xay-dung', 'Sở Xây dựng'],
      ['so-nn-mt', 'Sở Nông nghiệp và Môi trường'],
      ['so-noi-vu', 'Sở Nội vụ'],
      ['cong-an-tinh', 'Công an tỉnh'],
    ] as const;
    const common = budgetRowsLedBy('Sở Y tế')[1]!;
    const sheets = agencies.map(([id, name], i) => [
      ...budgetRowsLedBy(name),
      // Each also sends Sở Y tế's second line with amounts of its own.
      {
        ...common,
        uid: `${id}-common`,
        total: String(1000 * (i + 1)),
        y2026: String(200 * (i + 1)),
        y2027: String(200 * (i + 1)),
        y2028: String(200 * (i + 1)),
        y2029: String(200 * (i + 1)),
        y2030: String(200 * (i + 1)),
      },
    ]);
    const put = (i: number, key: string) =>
      s.call('PUT', `${base}/sheets/budget?agency=${agencies[i]![0]}`, {
        headers: { 'idempotency-key': key },
        body: { baseVersion: 0, rows: sheets[i] },
      });
    const keys = agencies.map(() => newKey());
    const answers = await Promise.all(agencies.map((_, i) => put(i, keys[i]!)));
    expect(answers.map((r) => r.status)).toEqual(agencies.map(() => 200));
    answers.forEach((r, i) => {
      expect(r.body.version).toBe(1);
      expect(r.body.rows).toHaveLength(sheets[i]!.length);
    });
    for (const [i, [id]] of agencies.entries()) {
      const sheet = await s.call('GET', `${base}/sheets/budget?agency=${id}`);
      expect(sheet.body.rows.map((r: any) => r.uid)).toEqual(sheets[i]!.map((r) => r.uid));
    }
    // One conflicting_amounts flag holds the common line of every agency and Sở Y tế's own.
    const flags = await expectSameAsFull();
    const group = flags
      .map((f) => JSON.parse(f))
      .find((f) => f[1] === 'conflicting_amounts' && f[5].some((r: any) => r.uid === 'so-gd-dt-common'));
    expect(group[5].map((r: any) => r.uid).sort()).toEqual(
      [common.uid, ...agencies.map(([id]) => `${id}-common`)].sort(),
    );
    // Each answer shortens the messages as a row's note does; the full text stays in the list of flags.
    const full: string = group[6];
    expect(full.length).toBeGreaterThan(EXCERPT_LENGTH);
    // (An answer written before the last agencies' rows came reports the smaller group it saw.)
    const reported = answers.flatMap((a) => a.body.flags.filter((f: any) => f.id === group[0]));
    expect(reported.length).toBeGreaterThan(0);
    for (const f of reported) expect(f.message).toBe(flagExcerpt(full));
    expect(reported[0].message.length).toBeLessThan(full.length);
    // Replays, all at once, answer as the first time and change nothing.
    const replays = await Promise.all(agencies.map((_, i) => put(i, keys[i]!)));
    expect(replays.map((r) => r.body)).toEqual(answers.map((r) => r.body));
    for (const [id] of agencies)
      expect(
        (
          await s.db
            .selectFrom('sheets')
            .select('version')
            .where('round_id', '=', ROUND)
            .where('agency_id', '=', id)
            .executeTakeFirstOrThrow()
        ).version,
      ).toBe(1);
  });

  it('tries a failed batch again request by request, so that one request cannot fail the others', async () => {
    // The database refuses to store one answer: the batch holding it fails as a whole.
    await sql`create function refuse_boom() returns trigger language plpgsql as $$ begin if new.key = 'boom' then raise exception 'refused'; end if; return new; end $$`.execute(
      s.db,
    );
    await sql`create trigger refuse_boom before insert on idempotency_keys for each row execute function refuse_boom()`.execute(
      s.db,
    );
    try {
      const rows = (prefix: string) =>
        budgetRowsLedBy('Sở Văn hoá, Thể thao và Du lịch').map((r) => ({ ...r, uid: `${prefix}-${r.uid}` }));
      const requests = [
        await request('so-tu-phap', rows('tp'), 0),
        await request('so-ngoai-vu', rows('nv'), 0),
        await request('so-cong-thuong', rows('ct'), 0, 'boom'),
      ];
      // The first is written at once; the other two, queued meanwhile, go together, and their batch fails.
      const settled = await Promise.allSettled(requests.map((r) => queueSync(s.db, r)));
      // The second is the other request of the failed batch, written again alone.
      expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      expect(String((settled[2] as PromiseRejectedResult).reason)).toContain('refused');
      expect(await count('sheet_rows', 'so-ngoai-vu')).toBe(rows('nv').length);
      expect(await count('sheet_rows', 'so-cong-thuong')).toBe(0);
      expect(await count('sheets', 'so-cong-thuong')).toBe(0);
    } finally {
      await sql`drop trigger refuse_boom on idempotency_keys`.execute(s.db);
      await sql`drop function refuse_boom()`.execute(s.db);
    }
    await expectSameAsFull();
  });
});
