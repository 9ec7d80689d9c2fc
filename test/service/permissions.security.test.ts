/**
 * Every route, every kind of caller: no token, a revoked token, each role, and an agency
 * reaching for another agency's sheet. Statuses are what the caller must get; 2xx means allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from './harness.js';

type Caller = 'none' | 'revoked' | 'yte' | 'nnmt' | 'validator' | 'coordinator' | 'admin';
const CALLERS: Caller[] = ['none', 'revoked', 'yte', 'nnmt', 'validator', 'coordinator', 'admin'];

interface Case {
  name: string;
  method: string;
  path: string;
  body?: () => unknown;
  idempotent?: boolean;
  expect: Record<Caller, number>;
}

/** A progress round of the test round, opened before the cases run. */
const PROGRESS = `${ROUND}-tien-do-2026-05`;
const yteRows = () => ({ baseVersion: 0, rows: budgetRowsLedBy('Sở Y tế') });
const denied = { none: 401, revoked: 401 } as const;
let proposals = 0;

const CASES: Case[] = [
  {
    name: 'list rounds',
    method: 'GET',
    path: '/api/v1/rounds',
    expect: { ...denied, yte: 200, nnmt: 200, validator: 200, coordinator: 200, admin: 200 },
  },
  {
    name: 'read a round',
    method: 'GET',
    path: `/api/v1/rounds/${ROUND}`,
    expect: { ...denied, yte: 200, nnmt: 200, validator: 200, coordinator: 200, admin: 200 },
  },
  {
    name: 'create a round',
    method: 'POST',
    path: '/api/v1/rounds',
    body: () => ({
      id: `r-${newKey().toLowerCase()}`.slice(0, 60),
      name: 'Đợt mới',
      periodStart: 2026,
      periodEnd: 2030,
    }),
    expect: { ...denied, yte: 403, nnmt: 403, validator: 403, coordinator: 201, admin: 403 },
  },
  {
    name: 'edit a round',
    method: 'PATCH',
    path: `/api/v1/rounds/${ROUND}`,
    body: () => ({ dueDate: '2026-12-20' }),
    expect: { ...denied, yte: 403, nnmt: 403, validator: 403, coordinator: 200, admin: 403 },
  },
  {
    name: 'read own sheet',
    method: 'GET',
    path: `/api/v1/rounds/${ROUND}/sheets/budget`,
    expect: { ...denied, yte: 200, nnmt: 200, validator: 400, coordinator: 200, admin: 403 },
  },
  {
    name: "read Sở Y tế's sheet by name",
    method: 'GET',
    path: `/api/v1/rounds/${ROUND}/sheets/budget?agency=${encodeURIComponent('Sở Y tế')}`,
    expect: { ...denied, yte: 200, nnmt: 403, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'parent items of own sheet',
    method: 'GET',
    path: `/api/v1/rounds/${ROUND}/sheets/tasks/parents`,
    expect: { ...denied, yte: 200, nnmt: 200, validator: 400, coordinator: 200, admin: 403 },
  },
  {
    name: "parent items of Sở Y tế's sheet",
    method: 'GET',
    path: `/api/v1/rounds/${ROUND}/sheets/tasks/parents?agency=so-y-te`,
    expect: { ...denied, yte: 200, nnmt: 403, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: "sync Sở Y tế's sheet",
    method: 'PUT',
    path: `/api/v1/rounds/${ROUND}/sheets/budget?agency=so-y-te`,
    body: yteRows,
    idempotent: true,
    expect: { ...denied, yte: 200, nnmt: 403, validator: 403, coordinator: 200, admin: 403 },
  },
  {
    name: "removed rows of Sở Y tế's sheet",
    method: 'GET',
    path: `/api/v1/rounds/${ROUND}/sheets/budget/removed?agency=so-y-te`,
    expect: { ...denied, yte: 200, nnmt: 403, validator: 403, coordinator: 200, admin: 403 },
  },
  {
    // Allowed callers reach the check of the ids (422: no such removed row).
    name: "restore rows of Sở Y tế's sheet",
    method: 'POST',
    path: `/api/v1/rounds/${ROUND}/sheets/budget/restore?agency=so-y-te`,
    body: () => ({ rowIds: ['khong-co'] }),
    expect: { ...denied, yte: 422, nnmt: 403, validator: 403, coordinator: 422, admin: 403 },
  },
  {
    name: 'merged table',
    method: 'GET',
    path: `/api/v1/rounds/${ROUND}/merged/budget`,
    expect: { ...denied, yte: 403, nnmt: 403, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'merged table as .xlsx',
    method: 'GET',
    path: `/api/v1/rounds/${ROUND}/merged/budget.xlsx`,
    expect: { ...denied, yte: 403, nnmt: 403, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'open the next progress period',
    method: 'POST',
    path: `/api/v1/rounds/${PROGRESS}/next`,
    expect: { ...denied, yte: 403, nnmt: 403, validator: 403, coordinator: 201, admin: 403 },
  },
  {
    name: 'pre-filled own progress sheet',
    method: 'GET',
    path: `/api/v1/rounds/${PROGRESS}/sheets/progress/prefill`,
    expect: { ...denied, yte: 200, nnmt: 200, validator: 400, coordinator: 200, admin: 403 },
  },
  {
    name: 'pre-filled progress sheet of Sở Y tế',
    method: 'GET',
    path: `/api/v1/rounds/${PROGRESS}/sheets/progress/prefill?agency=so-y-te`,
    expect: { ...denied, yte: 200, nnmt: 403, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'merged progress report',
    method: 'GET',
    path: `/api/v1/rounds/${PROGRESS}/merged/progress`,
    expect: { ...denied, yte: 403, nnmt: 403, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: "Sở Y tế's progress across periods",
    method: 'GET',
    path: '/api/v1/agencies/so-y-te/progress',
    expect: { ...denied, yte: 200, nnmt: 403, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'list flags',
    method: 'GET',
    path: `/api/v1/rounds/${ROUND}/flags`,
    expect: { ...denied, yte: 200, nnmt: 200, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'recompute flags',
    method: 'POST',
    path: `/api/v1/rounds/${ROUND}/flags/recompute`,
    expect: { ...denied, yte: 403, nnmt: 403, validator: 403, coordinator: 200, admin: 403 },
  },
  {
    name: 'review a flag',
    method: 'POST',
    path: `/api/v1/rounds/${ROUND}/flags/khong-co/review`,
    body: () => ({ action: 'accept' }),
    expect: { ...denied, yte: 403, nnmt: 403, validator: 404, coordinator: 404, admin: 403 },
  },
  {
    name: 'read the registry',
    method: 'GET',
    path: '/api/v1/registry',
    expect: { ...denied, yte: 200, nnmt: 200, validator: 200, coordinator: 200, admin: 200 },
  },
  {
    name: 'change the registry',
    method: 'PUT',
    path: '/api/v1/registry/agencies/truong-thu-nghiem',
    body: () => ({ name: 'Trường Thử nghiệm', kind: 'public_unit', aliases: [], formerly: [] }),
    expect: { ...denied, yte: 403, nnmt: 403, validator: 403, coordinator: 403, admin: 200 },
  },
  {
    name: 'propose a name for the registry',
    method: 'POST',
    path: '/api/v1/registry/requests',
    body: () => ({ name: `Trạm Thử nghiệm số ${++proposals}` }),
    expect: { ...denied, yte: 201, nnmt: 201, validator: 201, coordinator: 201, admin: 201 },
  },
  {
    name: 'list name requests',
    method: 'GET',
    path: '/api/v1/registry/requests',
    expect: { ...denied, yte: 403, nnmt: 403, validator: 403, coordinator: 403, admin: 200 },
  },
  {
    name: 'list tokens',
    method: 'GET',
    path: '/api/v1/tokens',
    expect: { ...denied, yte: 403, nnmt: 403, validator: 403, coordinator: 403, admin: 200 },
  },
  {
    name: 'create a token',
    method: 'POST',
    path: '/api/v1/tokens',
    body: () => ({ role: 'validator' }),
    expect: { ...denied, yte: 403, nnmt: 403, validator: 403, coordinator: 403, admin: 201 },
  },
];

describe.each(testDatabases())('permissions on %s', (kind) => {
  let s: Service;
  beforeAll(async () => {
    s = await startService(kind);
    const opened = await s.call('POST', `/api/v1/rounds/${ROUND}/next`, {
      body: { period: { kind: 'month', year: 2026, index: 5 } },
    });
    expect(opened.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  for (const c of CASES) {
    it(`${c.name}: ${CALLERS.map((who) => `${who} ${c.expect[who]}`).join(', ')}`, async () => {
      const got: Record<string, number> = {};
      for (const who of CALLERS) {
        const token = who === 'none' ? null : s.tokens[who];
        const res = await s.call(c.method, c.path, {
          token,
          ...(c.body ? { body: c.body() } : {}),
          headers: c.idempotent ? { 'idempotency-key': newKey() } : {},
        });
        got[who] = res.status;
        if (res.status >= 400) {
          // Every refusal explains itself in Vietnamese, in the one error shape.
          expect(res.body.error.message, `${c.name} as ${who}`).toMatch(/\p{L}/u);
          expect(res.body.error.code, `${c.name} as ${who}`).toBeTypeOf('string');
        }
        // A successful sync must not make the next caller's sync stale.
        if (c.idempotent && res.status === 200)
          await s.db
            .deleteFrom('sheet_rows')
            .where('agency_id', '=', 'so-y-te')
            .execute()
            .then(() => s.db.deleteFrom('sheets').where('agency_id', '=', 'so-y-te').execute());
      }
      expect(got).toEqual(c.expect);
    });
  }

  it('never shows an agency the rows of another agency', async () => {
    const put = await s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/budget`, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: yteRows(),
    });
    expect(put.status).toBe(200);
    const own = await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/budget`, { token: s.tokens.nnmt });
    expect(own.body.rows).toEqual([]);
    const sneaky = await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/budget?agency=so-y-te`, {
      token: s.tokens.nnmt,
    });
    expect(sneaky.status).toBe(403);
  });
});
