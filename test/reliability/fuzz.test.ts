/**
 * Fuzzing the API with fixed seeds: whatever arrives, the answer is 200 or a 4xx with a
 * Vietnamese message, never a 5xx, and a refused request leaves the stored sheets, the audit
 * trail and the idempotency keys exactly as they were.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from '../service/harness.js';

const vietnamese = /[ạảãàáâậầấẩẫăắằặẳẵđêềếểễệôồốổỗộơờớởỡợưừứửữựíìỉĩịýỳỷỹỵ]/i;

/** Thousands of requests on one core: far beyond the default 30 s per test. */
const TIMEOUT = 240_000;

/** Cases per route; the total is at least 5,000 per run. */
const RUNS = { sync: 2000, round: 600, review: 600, alias: 600, token: 600, merged: 600 };

/** Strings as hostile sources give them: any code unit (NUL, lone surrogates, bidi), long ones, numbers as text. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('\u0000', '\ud800', 'a\udc00b', '\u202eSở Y tế', 'Sở\u200bY tế', '1.2345', '%00', '../', ''),
  fc.constantFrom('x'.repeat(4001), '9'.repeat(400), '1e308', '-0', 'NaN', 'Infinity'),
);
const anyCell = fc.oneof(
  nasty,
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1, 2147483648, 1e12, null, true, [], {}),
);

/** A path segment or query value percent-encoded; lone surrogates become the bytes of their CESU-8 form. */
function pct(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text]
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          return '%ED%A0%80';
        }
      })
      .join('');
  }
}

async function digest(s: Service): Promise<string> {
  const parts: string[] = [];
  for (const table of ['sheet_rows', 'audit_log', 'idempotency_keys']) {
    const { rows } = await sql<{ n: string; h: string | null }>`
      select count(*)::text as n, md5(string_agg(t::text, ',' order by t::text)) as h from ${sql.table(table)} t`.execute(
      s.db,
    );
    parts.push(`${table}:${rows[0]!.n}:${rows[0]!.h}`);
  }
  return parts.join('|');
}

describe.each(testDatabases())('fuzzed requests on %s', (kind) => {
  let s: Service;
  const rows = budgetRowsLedBy('Sở Giáo dục và Đào tạo').slice(0, 4);
  const sheet = `/api/v1/rounds/${ROUND}/sheets/budget?agency=so-gd-dt`;
  beforeAll(async () => {
    s = await startService(kind, { maxSyncRows: 50 });
    const first = await s.call('PUT', sheet, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(first.status).toBe(200);
    stored = await digest(s);
  });
  afterAll(async () => {
    await s.close();
  });

  /** The digest after the last answer: a refused request must leave it as it is. */
  let stored = '';

  /** Sends one request and holds its answer to the promise. */
  async function judge(send: () => Promise<{ status: number; body: any }>): Promise<void> {
    const res = await send();
    const accepted = res.status >= 200 && res.status < 300;
    if (res.status >= 500 || (!accepted && !vietnamese.test(String(res.body?.error?.message ?? ''))))
      throw new Error(`answer ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    const after = await digest(s);
    if (!accepted && after !== stored) throw new Error(`refused (${res.status}) but stored`);
    stored = after;
  }

  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('cell' as const),
      row: fc.nat(3),
      key: fc.constantFrom(...Object.keys(rows[0]!), 'khac'),
      value: anyCell,
    }),
    fc.record({ kind: fc.constant('base' as const), value: anyCell }),
    fc.record({ kind: fc.constant('drop' as const), row: fc.nat(3), key: fc.constantFrom(...Object.keys(rows[0]!)) }),
    fc.record({ kind: fc.constant('rows' as const), count: fc.constantFrom(0, 51, 60) }),
    fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  );

  it(
    'the sync route',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
          const body: { baseVersion: unknown; rows: Record<string, unknown>[] } = {
            baseVersion: 1,
            rows: rows.map((r) => ({ ...r })),
          };
          let bytes: Buffer | null = null;
          for (const m of mutations) {
            if (m.kind === 'cell') {
              const row = body.rows[m.row % Math.max(1, body.rows.length)];
              if (row) row[m.key] = m.value;
            } else if (m.kind === 'base') body.baseVersion = m.value;
            else if (m.kind === 'drop') delete body.rows[m.row % Math.max(1, body.rows.length)]?.[m.key];
            else if (m.kind === 'rows')
              body.rows = Array.from({ length: m.count }, (_, i) => ({ ...rows[i % rows.length]!, uid: `f-${i}` }));
            else {
              bytes = Buffer.from(JSON.stringify(body));
              bytes[m.at % bytes.length] = m.byte;
            }
          }
          await judge(async () => {
            const res = await s.app.request(sheet, {
              method: 'PUT',
              headers: {
                authorization: `Bearer ${s.tokens.coordinator}`,
                'content-type': 'application/json',
                'idempotency-key': newKey(),
              },
              body: bytes ? new Uint8Array(bytes) : JSON.stringify(body),
            });
            const text = await res.text();
            let parsed: unknown = null;
            try {
              parsed = JSON.parse(text);
            } catch {}
            return { status: res.status, body: parsed };
          });
        }),
        { seed: 18_001, numRuns: RUNS.sync },
      );
    },
    TIMEOUT,
  );

  it(
    'round create',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              id: fc.oneof(nasty, fc.constantFrom('dot-moi', 'dot-a')),
              name: fc.oneof(nasty, fc.constant('Đợt mới')),
              periodStart: anyCell,
              periodEnd: anyCell,
              expectedAgencies: fc.oneof(fc.array(nasty, { maxLength: 3 }), anyCell),
              dueDate: anyCell,
            },
            { requiredKeys: ['id', 'name'] },
          ),
          async (body) => judge(() => s.call('POST', '/api/v1/rounds', { body })),
        ),
        { seed: 18_002, numRuns: RUNS.round },
      );
    },
    TIMEOUT,
  );

  it(
    'flag review',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          nasty,
          fc.record({ action: fc.oneof(fc.constantFrom('accept', 'dismiss', 'return'), nasty), note: anyCell }),
          async (id, body) =>
            judge(() =>
              s.call('POST', `/api/v1/rounds/${ROUND}/flags/${pct(id) || 'x'}/review`, {
                token: s.tokens.validator,
                body,
              }),
            ),
        ),
        { seed: 18_003, numRuns: RUNS.review },
      );
    },
    TIMEOUT,
  );

  it(
    'registry alias',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constant('so-y-te'), nasty),
          fc.array(nasty, { maxLength: 3 }),
          async (id, aliases) =>
            judge(() =>
              s.call('PUT', `/api/v1/registry/agencies/${pct(id) || 'x'}`, {
                token: s.tokens.admin,
                body: { name: 'Sở Y tế', kind: 'department', aliases, formerly: [] },
              }),
            ),
        ),
        { seed: 18_004, numRuns: RUNS.alias },
      );
    },
    TIMEOUT,
  );

  it(
    'token create',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            role: fc.oneof(fc.constantFrom('agency', 'validator', 'coordinator', 'admin'), nasty),
            agency: fc.oneof(fc.constant('so-y-te'), nasty),
            label: anyCell,
          }),
          async (body) => judge(() => s.call('POST', '/api/v1/tokens', { token: s.tokens.admin, body })),
        ),
        { seed: 18_005, numRuns: RUNS.token },
      );
    },
    TIMEOUT,
  );

  it(
    'merged pull with query parameters',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constant(ROUND), nasty),
          fc.oneof(fc.constantFrom('budget', 'tasks', 'targets'), nasty),
          fc.array(fc.tuple(fc.constantFrom('section', 'agency', 'format', 'x'), nasty), { maxLength: 3 }),
          fc.boolean(),
          async (round, table, query, raw) => {
            const qs = query.map(([k, v]) => `${k}=${raw ? v.replace(/[#?&\s]/g, '') : pct(v)}`).join('&');
            const path = `/api/v1/rounds/${pct(round) || 'x'}/merged/${pct(table) || 'x'}${qs ? `?${qs}` : ''}`;
            await judge(() => s.call('GET', path, { token: s.tokens.validator }));
          },
        ),
        { seed: 18_006, numRuns: RUNS.merged },
      );
    },
    TIMEOUT,
  );
});
