/**
 * Syncing an agency's whole sheet for one table: check, diff against what is stored, write
 * inserts, updates and soft deletes with an audit record each, bump the version and refresh
 * the flags — all in one transaction, or nothing at all.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';
import {
  type AgencyMatcher,
  checkRows,
  type Finding,
  formatAmount,
  hasErrors,
  parentKeysOf,
  progressCheckOptions,
  type RowStatus,
  type SheetRowRecord,
  type TableName,
  tableDef,
} from '../../domain/index.js';
import type { Principal } from '../context.js';
import { ApiError } from '../errors.js';
import { flagsAbout, refreshFlags, type SyncedSheet } from '../flags/refresh.js';
import { periodOf, type Round, sectionPaths } from '../rounds/round.js';
import type { SyncResult } from '../routes/schemas.js';
import { sheetLocked } from '../sheets/lifecycle.js';
import { recordset } from './recordset.js';
import type { SyncBody } from './request.js';
import { type Cells, codeOf, rowHash, storedCells, toApiRow } from './stored-row.js';
import { type RowWrite, type SheetWrite, writeRows } from './write-rows.js';

export interface SyncInput {
  round: Round;
  table: TableName;
  agencyId: string;
  principal: Principal;
  body: SyncBody;
  idempotencyKey: string;
  requestHash: string;
  matcher: AgencyMatcher;
  now: Date;
}

/** The most findings a refused sync lists (the pane has found them all itself before sending). */
export const MAX_LISTED_FINDINGS = 1000;

/**
 * Findings of the domain checks, each tagged with its row's uid; throws 422 when any is an error.
 * `extra` adds findings worked out outside the domain checker (a progress sheet against its
 * plan, service/progress/plan-rows.ts); `now` dates a progress sheet's checks.
 */
export function checkSheet(
  input: Pick<SyncInput, 'round' | 'table' | 'body' | 'matcher'> & {
    parentKeys?: ReadonlySet<string>;
    scanCharacters?: boolean;
    extra?: readonly Finding[];
    now?: Date;
  },
): (Finding & { uid: string })[] {
  const { round, table, body, matcher, parentKeys, scanCharacters } = input;
  const period = periodOf(round);
  const sections = sectionPaths(round, table);
  const ctx = {
    def: tableDef(table, period),
    period,
    matcher,
    ...(sections.length ? { sections } : {}),
    ...(parentKeys ? { parentKeys } : {}),
    ...(scanCharacters === undefined ? {} : { scanCharacters }),
    ...(round.kind === 'progress'
      ? { progress: progressCheckOptions(round.periodStart, input.now ?? new Date()) }
      : {}),
  };
  const { findings: checked, rows } = checkRows(ctx, body.rows, 'sheet');
  // Stored as checked: agency names without the hidden marks their warnings name.
  if (rows !== body.rows) body.rows = rows as SyncBody['rows'];
  const findings = input.extra?.length ? [...checked, ...input.extra].sort((a, b) => a.row - b.row) : checked;
  const tagged = findings.map((f) => ({ ...f, uid: body.rows[f.row - 1]!.uid }));
  if (hasErrors(findings)) {
    const errors = tagged.filter((f) => f.severity === 'error');
    const rows = new Set(errors.map((f) => f.row)).size;
    throw new ApiError(
      'rows_rejected',
      `Bảng chưa được ghi: có ${formatAmount(errors.length)} lỗi ở ${formatAmount(rows)} dòng. Hãy sửa các lỗi rồi gửi lại; chưa có dòng nào được lưu.`,
      // Capped so that a huge faulty body never gets a huger answer; the count says how many there are.
      { findings: tagged.slice(0, MAX_LISTED_FINDINGS), findingsTotal: tagged.length },
    );
  }
  return tagged;
}

/** A request's answer (replayed or new) or the error it gets; the other requests of its batch go on. */
export type SyncOutcome = { status: number; body: unknown } | { error: unknown };

/** A checked request, ready to be written. */
export interface SyncRequest {
  input: SyncInput;
  findings: (Finding & { uid: string })[];
}

/** One request's sheet as it will be written, before its flags. */
export interface Planned {
  request: SyncRequest;
  version: number;
  statuses: SyncResult['rows'];
  changed: boolean;
  sheet: SyncedSheet;
  write: SheetWrite;
}

/** Syncs one sheet in a transaction of its own; throws the request's error. */
export async function syncSheet(
  db: Kysely<Database>,
  input: SyncInput,
  findings: (Finding & { uid: string })[],
): Promise<{ status: number; body: unknown }> {
  const [outcome] = await syncSheets(db, [{ input, findings }]);
  if ('error' in outcome!) throw outcome.error;
  return outcome!;
}

/**
 * Syncs checked requests of one round, each answered as if it had come alone. Several agencies
 * sending at once (the deadline-day spike) are written together: one transaction, one statement
 * for all their rows, the round's flags computed and written once for all of them
 * (service/sync/sync-queue.ts).
 *
 * A request sent twice (a retry sent before the first was answered) gets the first's answer; a
 * second request for a sheet of the batch is written after the batch has committed, against the
 * sheet as the first left it.
 *
 * A request that fails leaves nothing of its own. An error that is not one request's (the
 * flags, the commit) fails the whole call, and the caller may retry its requests one by one.
 * With a single request, its error is thrown.
 */
export async function syncSheets(db: Kysely<Database>, requests: readonly SyncRequest[]): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = new Array(requests.length);
  const twins = new Map<number, number>();
  const firstByKey = new Map<string, number>();
  const sheets = new Set<string>();
  const batch: number[] = [];
  const later: number[] = [];
  for (const n of lockOrder(requests)) {
    const { input } = requests[n]!;
    const key = `${input.principal.tokenId}\u0000${input.idempotencyKey}`;
    const first = firstByKey.get(key);
    if (first !== undefined) {
      if (requests[first]!.input.requestHash === input.requestHash) twins.set(n, first);
      else outcomes[n] = { error: keyReused() };
      continue;
    }
    firstByKey.set(key, n);
    const sheet = `${input.table}\u0000${input.agencyId}`;
    (sheets.has(sheet) ? later : batch).push(n);
    sheets.add(sheet);
  }
  const done = await syncBatch(
    db,
    batch.map((n) => requests[n]!),
  );
  batch.forEach((n, i) => (outcomes[n] = done[i]!));
  if (later.length > 0) {
    const rest = await syncSheets(
      db,
      later.map((n) => requests[n]!),
    );
    later.forEach((n, i) => (outcomes[n] = rest[i]!));
  }
  return Array.from(outcomes, (o, n) => (twins.has(n) ? outcomes[twins.get(n)!]! : o));
}

/** The uids of other agencies' rows that requests of a batch sent, by request. */
class TakenUids extends Error {
  constructor(readonly byRequest: ReadonlyMap<number, readonly string[]>) {
    super("uids of other agencies' rows");
  }
}

export const uidsTaken = (uids: readonly string[]) =>
  new ApiError(
    'conflict',
    `Mã dòng (uid) ${uids
      .slice(0, 3)
      .map((uid) => `«${uid}»`)
      .join(', ')} đã thuộc bảng của cơ quan khác. Hãy cấp mã mới cho các dòng này.`,
    { uids },
  );

/**
 * Requests of distinct sheets in one transaction. A request that sends another agency's uid is
 * found only once the rows are written: the batch is then written again without it.
 */
async function syncBatch(db: Kysely<Database>, requests: readonly SyncRequest[]): Promise<SyncOutcome[]> {
  if (requests.length === 0) return [];
  try {
    return await syncTogether(db, requests);
  } catch (error) {
    if (!(error instanceof TakenUids)) throw error;
    if (requests.length === 1) throw uidsTaken(error.byRequest.get(0)!);
    const outcomes: SyncOutcome[] = new Array(requests.length);
    const rest = requests.flatMap((_, n) => (error.byRequest.has(n) ? [] : [n]));
    const done = await syncBatch(
      db,
      rest.map((n) => requests[n]!),
    );
    rest.forEach((n, i) => (outcomes[n] = done[i]!));
    for (const [n, uids] of error.byRequest) outcomes[n] = { error: uidsTaken(uids) };
    return outcomes;
  }
}

/**
 * One transaction: the requests' sheets are locked, read and compared with what each sends (a
 * stale or replayed request writes nothing); then all the rows are written in one statement
 * while the flags of all their agencies are computed; then the flags and each answer under its
 * Idempotency-Key.
 */
async function syncTogether(db: Kysely<Database>, requests: readonly SyncRequest[]): Promise<SyncOutcome[]> {
  const last = requests.at(-1)!.input;
  // What the round index does once the batch has committed (refreshFlags' `committed`).
  const afterCommit: (() => void)[] = [];
  const outcomes = await db.transaction().execute(async (trx) => {
    const outcomes: SyncOutcome[] = new Array(requests.length);
    const planned: { n: number; plan: Planned }[] = [];
    (await planBatch(trx, requests)).forEach((result, n) => {
      if ('sheet' in result) planned.push({ n, plan: result });
      else outcomes[n] = result;
    });
    // Alone, a request's error is the call's (syncSheets).
    const alone = requests.length === 1 ? outcomes[0] : undefined;
    if (alone && 'error' in alone) throw alone.error;
    if (planned.length > 0) {
      const plans = planned.map(({ plan }) => plan);
      // Flags of unchanged sheets are only reported; `db` keeps the round index between syncs.
      const flags = await refreshFlags(trx, {
        round: last.round,
        matcher: last.matcher,
        now: last.now,
        cacheOwner: db,
        agencyIds: [...new Set(plans.map((p) => p.request.input.agencyId))],
        readOnly: !plans.some((p) => p.changed),
        synced: plans.map((p) => p.sheet),
        startWrites: () => startWrites(trx, planned),
        committed: (apply) => afterCommit.push(apply),
      });
      const keys = [];
      for (const { n, plan } of planned) {
        const { input, findings } = plan.request;
        const result: SyncResult = {
          version: plan.version,
          rows: plan.statuses,
          findings,
          flags: flagsAbout(flags, input.agencyId),
        };
        keys.push({
          token_id: input.principal.tokenId,
          key: input.idempotencyKey,
          request_hash: input.requestHash,
          status: 200,
          response: toJsonb(result),
        });
        outcomes[n] = { status: 200, body: result };
      }
      await trx.insertInto('idempotency_keys').values(keys).execute();
    }
    return outcomes;
  });
  for (const apply of afterCommit) apply();
  return outcomes;
}

/**
 * Sends the sheets' rows and new versions in one statement; `done` settles when the database
 * has written them, and fails with TakenUids (by index in `planned`'s requests).
 */
async function startWrites(
  trx: Transaction<Database>,
  planned: readonly { n: number; plan: Planned }[],
): Promise<{ done: Promise<void> }> {
  // One statement cannot store a uid twice: of two sheets that send one, the first (lockOrder)
  // keeps it, as if they had been written one after the other.
  const claimed = new Set<string>();
  const twice = new Map<number, string[]>();
  for (const { n, plan } of planned) {
    const uids = plan.write.rows.filter((r) => r.action !== 'delete').map((r) => `${plan.write.table}\u0000${r.uid}`);
    const again = uids.filter((key) => claimed.has(key));
    if (again.length > 0)
      twice.set(
        n,
        again.map((key) => key.slice(key.indexOf('\u0000') + 1)),
      );
    else for (const key of uids) claimed.add(key);
  }
  if (twice.size > 0) return { done: Promise.reject(new TakenUids(twice)) };
  const done = writeRows(
    trx,
    planned.map(({ plan }) => plan.write),
  ).then((taken) => {
    if (taken.size > 0) throw new TakenUids(new Map([...taken].map(([k, uids]) => [planned[k]!.n, uids])));
  });
  return { done };
}

/**
 * The order a batch's sheets are locked in: by table and agency, so that two batches sharing
 * sheets (two service processes) never wait on each other in a circle; a sheet's requests keep
 * the order they came in.
 */
function lockOrder(requests: readonly SyncRequest[]): number[] {
  const key = (n: number) => `${requests[n]!.input.table}\u0000${requests[n]!.input.agencyId}`;
  return requests.map((_, n) => n).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a - b));
}

const SHEET_KEY_COLUMNS = { k: 'integer', table_name: 'text', agency_id: 'text' } as const;

/** A stored row of a sheet being synced, with where it is (see writeRows). */
export type StoredRow = {
  table_name: string;
  agency_id: string;
  uid: string;
  section: string;
  code: string;
  position: number;
  data: unknown;
  row_hash: string;
  deleted_at: Date | null;
  version: number;
  ctid: string;
};

/**
 * Locks the batch's sheets (requests of distinct sheets, in lockOrder) and works out what each
 * request writes: inserts, updates, soft deletes with their audit records, and the new version.
 * A replay gets its first answer, a stale request its 409, a reused key its 422, as outcomes.
 * A handful of statements for the whole batch, whatever its size.
 */
async function planBatch(
  trx: Transaction<Database>,
  requests: readonly SyncRequest[],
): Promise<(SyncOutcome | Planned)[]> {
  const roundId = requests[0]!.input.round.id;
  const keys = requests.map(({ input }, k) => ({ k, table_name: input.table, agency_id: input.agencyId }));
  // Creates each sheet on its first sync and locks it either way, in lockOrder: syncs of one
  // sheet go one at a time, and two batches never wait on each other in a circle.
  const { rows: locked } = await sql<{
    table_name: string;
    agency_id: string;
    version: number;
    created: boolean;
    state: string;
    accepted_by: string | null;
    accepted_at: Date | null;
  }>`
    insert into sheets (round_id, table_name, agency_id, version)
    select ${roundId}, x.table_name, x.agency_id, 0 from ${recordset(SHEET_KEY_COLUMNS, keys)} order by x.k
    on conflict (round_id, table_name, agency_id) do update set version = sheets.version
    returning table_name, agency_id, version, (xmax = 0) as created, state, accepted_by, accepted_at`.execute(trx);
  const sheetOf = new Map(locked.map((s) => [`${s.table_name}\u0000${s.agency_id}`, s]));
  const sheets = requests.map(({ input }) => sheetOf.get(`${input.table}\u0000${input.agencyId}`)!);
  // Two identical requests can race past the check made before the transaction; the sheet lock orders them.
  const replays = await findReplays(
    trx,
    requests.map(({ input }) => ({
      tokenId: input.principal.tokenId,
      key: input.idempotencyKey,
      requestHash: input.requestHash,
    })),
  );
  const results: (SyncOutcome | Planned | null)[] = await Promise.all(
    requests.map(async ({ input }, n) => {
      const replay = replays[n];
      if (replay) return replay;
      // Accepted is final: checked under the sheet's lock, so an acceptance and a sync are ordered.
      if (sheets[n]!.state === 'accepted')
        return { error: sheetLocked(sheets[n]!.accepted_by, sheets[n]!.accepted_at) };
      const { version } = sheets[n]!;
      if (version === input.body.baseVersion) return null;
      return { error: await staleVersion(trx, input, version) };
    }),
  );
  // A request that writes nothing leaves no sheet of its own behind.
  const undone = requests.flatMap(({ input }, n) =>
    results[n] !== null && sheets[n]!.created ? [{ k: n, table_name: input.table, agency_id: input.agencyId }] : [],
  );
  if (undone.length > 0) {
    await sql`delete from sheets using ${recordset(SHEET_KEY_COLUMNS, undone)} where sheets.round_id = ${roundId} and sheets.table_name = x.table_name and sheets.agency_id = x.agency_id`.execute(
      trx,
    );
  }
  const going = requests.flatMap((r, n) => (results[n] === null ? [r.input] : []));
  const stored = new Map<string, StoredRow[]>();
  if (going.length > 0) {
    const rows = await storedRowsOf(trx, roundId)
      .where('table_name', 'in', [...new Set(going.map((i) => i.table))])
      .where('agency_id', 'in', [...new Set(going.map((i) => i.agencyId))])
      .execute();
    for (const r of rows) {
      const key = `${r.table_name}\u0000${r.agency_id}`;
      const list = stored.get(key);
      if (list) list.push(r);
      else stored.set(key, [r]);
    }
  }
  return requests.map(
    (request, n) =>
      results[n] ??
      diffSheet(request, sheets[n]!.version, stored.get(`${request.input.table}\u0000${request.input.agencyId}`) ?? []),
  );
}

/** The 409 answer to a request sent against an older version than `version`, with the rows changed since. */
export async function staleVersion(
  db: Kysely<Database> | Transaction<Database>,
  input: Pick<SyncInput, 'round' | 'table' | 'agencyId' | 'body'>,
  version: number,
): Promise<ApiError> {
  const changed = await db
    .selectFrom('sheet_rows')
    .select(['uid', 'section', 'code', 'data', 'deleted_at', 'version'])
    .where('round_id', '=', input.round.id)
    .where('table_name', '=', input.table)
    .where('agency_id', '=', input.agencyId)
    .where('version', '>', input.body.baseVersion)
    .orderBy('position')
    .execute();
  return new ApiError(
    'stale_version',
    `Bảng trên hệ thống đã được cập nhật (phiên bản ${version}) sau phiên bản ${input.body.baseVersion} mà bạn đang sửa. Hãy tải lại bảng hoặc gửi lại trên phiên bản mới; chưa có gì bị ghi đè.`,
    {
      currentVersion: version,
      changedRows: changed.map((r) => ({ ...toApiRow(r), deleted: r.deleted_at !== null, version: r.version })),
    },
  );
}

/** A request as its earlier answer is looked up: by token and key, and compared by hash. */
type ReplayKey = { tokenId: string; key: string; requestHash: string };

/**
 * The earlier answers to these requests (by index), under the same token and key: the answer,
 * or a reused key's error when the body differs.
 */
async function findReplays(
  db: Kysely<Database> | Transaction<Database>,
  requests: readonly ReplayKey[],
): Promise<(SyncOutcome | undefined)[]> {
  const hits = await db
    .selectFrom('idempotency_keys')
    .select(['token_id', 'key', 'request_hash', 'status', 'response'])
    .where((eb) => eb.or(requests.map((r) => eb.and([eb('token_id', '=', r.tokenId), eb('key', '=', r.key)]))))
    .execute();
  const byKey = new Map(hits.map((h) => [`${h.token_id}\u0000${h.key}`, h]));
  return requests.map((r) => {
    const hit = byKey.get(`${r.tokenId}\u0000${r.key}`);
    if (!hit) return undefined;
    return hit.request_hash === r.requestHash ? { status: hit.status, body: hit.response } : { error: keyReused() };
  });
}

/** What a request writes to its sheet, stored at `current` as `stored`. */
export function diffSheet(request: SyncRequest, current: number, stored: readonly StoredRow[]): Planned {
  const { input, findings } = request;
  const { round, table, agencyId, principal, body } = input;
  const def = tableDef(table, periodOf(round));
  const sheet = { version: current };
  const byUid = new Map(stored.map((s) => [s.uid, s]));
  const version = sheet.version + 1;
  const findingsByUid = new Map<string, Finding[]>();
  for (const f of findings) findingsByUid.set(f.uid, [...(findingsByUid.get(f.uid) ?? []), f]);

  const writes: RowWrite[] = [];
  const statuses: SyncResult['rows'] = [];
  const live: SheetRowRecord[] = [];
  body.rows.forEach((row, position) => {
    const section = String(row.section ?? '').trim();
    const code = codeOf(row);
    const cells = storedCells(def, row);
    const hash = rowHash(section, code, cells);
    live.push({ table, agencyId, uid: row.uid, section, code, cells, rowHash: hash });
    const before = byUid.get(row.uid);
    let status: RowStatus;
    if (!before) status = 'inserted';
    else if (before.deleted_at !== null || before.row_hash !== hash) status = 'updated';
    else status = 'unchanged';
    statuses.push({ uid: row.uid, status });
    if (status === 'unchanged' && before!.position === position) return;
    const action =
      status === 'unchanged' ? null : status === 'inserted' ? 'insert' : before!.deleted_at ? 'restore' : 'update';
    const rowFindings = (findingsByUid.get(row.uid) ?? []).map(({ row: _r, ...f }) => f);
    writes.push({
      action,
      uid: row.uid,
      section,
      code,
      position,
      data: cells,
      findings: rowFindings,
      row_hash: hash,
      version: status === 'unchanged' ? before!.version : version,
      before: action === 'update' || action === 'restore' ? asBefore(before!) : null,
    });
  });
  const incoming = new Set(body.rows.map((r) => r.uid));
  for (const s of stored) {
    if (s.deleted_at !== null || incoming.has(s.uid)) continue;
    statuses.push({ uid: s.uid, status: 'deleted' });
    writes.push({ action: 'delete', uid: s.uid, ctid: s.ctid, before: asBefore(s) });
  }

  const previous = stored
    .filter((s) => s.deleted_at === null)
    .map((s) => ({
      table,
      agencyId,
      uid: s.uid,
      section: s.section,
      code: s.code,
      cells: s.data as Cells,
      rowHash: s.row_hash,
    }));
  const written = writes.length > 0 ? version : sheet.version;
  return {
    request,
    version: written,
    statuses,
    changed: writes.some((w) => w.action !== null),
    sheet: { table, agencyId, rows: live, previous, baseVersion: sheet.version, version: written },
    write: { roundId: round.id, table, agencyId, principal, now: input.now, version, rows: writes },
  };
}

/** A stored row as its audit records show it before a change. */
const asBefore = (r: { section: string; code: string; data: unknown }): Cells => ({
  section: r.section,
  code: r.code,
  ...(r.data as Cells),
});

/**
 * Items that sub-items of the other agencies' live rows hang under (`section|code`, parentKeysOf):
 * such an item is a group row in the merged table, so it needs no time frame or amounts of its
 * own. The agency's own stored rows are left out, since the sheet being checked replaces them.
 * The task pane gets the same keys (GET …/sheets/{table}/parents) and checks the same way.
 */
export async function otherAgenciesParentKeys(
  db: Kysely<Database>,
  roundId: string,
  table: TableName,
  agencyId: string,
): Promise<Set<string>> {
  const stored = await db
    .selectFrom('sheet_rows')
    .select(['section', 'code'])
    .distinct()
    .where('round_id', '=', roundId)
    .where('table_name', '=', table)
    .where('agency_id', '<>', agencyId)
    // A literal pattern, so that the planner can use the partial index sheet_rows_subitems_idx.
    .where('deleted_at', 'is', null)
    .where('code', 'like', sql.lit('%.%'))
    .execute();
  return parentKeysOf(stored);
}

/** The parent keys a sync of `incoming` is checked with: the other agencies' and the sheet's own. */
export async function roundParentKeys(
  db: Kysely<Database>,
  roundId: string,
  table: TableName,
  agencyId: string,
  incoming: readonly { section?: unknown; code?: unknown }[],
): Promise<Set<string>> {
  return withOwnParentKeys(await otherAgenciesParentKeys(db, roundId, table, agencyId), incoming);
}

/** The other agencies' parent keys (otherAgenciesParentKeys) with those of the sheet being sent added. */
export function withOwnParentKeys(
  others: Set<string>,
  incoming: readonly { section?: unknown; code?: unknown }[],
): Set<string> {
  for (const key of parentKeysOf(
    incoming.map((r) => ({ section: String(r.section ?? '').trim(), code: codeOf(r as Record<string, unknown>) })),
  ))
    others.add(key);
  return others;
}

/** The earlier answer to a request under its token and key; throws when the key came with another body. */
export async function findReplay(
  db: Kysely<Database> | Transaction<Database>,
  tokenId: string,
  key: string,
  requestHash: string,
): Promise<{ status: number; body: unknown } | null> {
  const [replay] = await findReplays(db, [{ tokenId, key, requestHash }]);
  if (replay && 'error' in replay) throw replay.error;
  return replay ?? null;
}

const keyReused = () =>
  new ApiError(
    'idempotency_key_reused',
    'Khóa Idempotency-Key này đã được dùng cho một lần gửi khác. Mỗi lần gửi nội dung mới cần một khóa mới.',
  );

/**
 * The stored rows of a round, as the sync's diff reads them; callers narrow them to their sheets.
 * `ctid` says which physical row a write replaces.
 */
export function storedRowsOf(db: Kysely<Database> | Transaction<Database>, roundId: string) {
  return db
    .selectFrom('sheet_rows')
    .select([
      'table_name',
      'agency_id',
      'uid',
      'section',
      'code',
      'position',
      'data',
      'row_hash',
      'deleted_at',
      'version',
      sql<string>`ctid::text`.as('ctid'),
    ])
    .where('round_id', '=', roundId);
}
