/**
 * The TổngHợp API as the task pane calls it: bearer token, JSON, and failures as values the
 * pane can explain (network down, the service's own error body).
 */
import type { Agency } from '../../domain/registry.js';
import type { TableName } from '../../domain/values.js';
import type {
  DryRunResponse,
  Flag,
  FlagReplyRequest,
  Me,
  MergedResponse,
  PrefillResponse,
  RemovedRowsResponse,
  RestoreResponse,
  Round,
  SheetResponse,
  SyncRequest,
  SyncResponse,
} from '../../service/api-types.js';

export type { RowStatus } from '../../domain/values.js';
// The bodies' types come from the service's own schemas (types only: nothing of the service is bundled).
export type {
  DryRunResponse,
  Flag,
  FlagSummary,
  Me,
  MergedResponse,
  PrefillResponse,
  RemovedRowsResponse,
  RestoreResponse,
  Round,
  SheetResponse,
  SyncRequest,
  SyncResponse,
} from '../../service/api-types.js';

/** The service answered with an error body. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** The service could not be reached (offline, stopped, timed out). */
export class NetworkFailure extends Error {
  constructor(readonly cause_: unknown) {
    super('Không kết nối được tới máy chủ TổngHợp. Kiểm tra mạng; dữ liệu chưa gửi vẫn được giữ lại.');
    this.name = 'NetworkFailure';
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiClient {
  constructor(
    /** Where the service lives, e.g. "https://tonghop.laocai.gov.vn/" (the add-in is served under its `addin/`). */
    private readonly base: string,
    private readonly token: () => string | null,
    private readonly fetchFn: Fetch = (i, init) => globalThis.fetch(i, init),
  ) {}

  private async call<T>(
    method: string,
    path: string,
    opts: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    const token = this.token();
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await this.fetchFn(new URL(path.replace(/^\//, ''), this.base).toString(), {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new NetworkFailure(e);
    }
    const text = await res.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // A proxy's HTML error page: reported below by status.
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiFailure(
        res.status,
        err?.code ?? `http_${res.status}`,
        err?.message ?? `Máy chủ trả lời lỗi ${res.status}.`,
        (err as Record<string, unknown>) ?? {},
      );
    }
    return json as T;
  }

  me = () => this.call<Me>('GET', 'api/v1/tokens/current');
  rounds = () => this.call<{ rounds: Round[] }>('GET', 'api/v1/rounds').then((r) => r.rounds);
  registry = () => this.call<{ agencies: Agency[] }>('GET', 'api/v1/registry').then((r) => r.agencies);
  sheet = (round: string, table: TableName) =>
    this.call<SheetResponse>('GET', `api/v1/rounds/${encodeURIComponent(round)}/sheets/${table}`);
  /** Items of the round that other agencies' sub-items hang under, as "section|code". */
  parents = (round: string, table: TableName) =>
    this.call<{ agency: string; keys: string[] }>(
      'GET',
      `api/v1/rounds/${encodeURIComponent(round)}/sheets/${table}/parents`,
      { timeoutMs: 5_000 },
    ).then((r) => r.keys);
  /** A progress sheet to start from: the plan rows the agency reports, last period's answers carried forward. */
  prefill = (round: string, table: TableName) =>
    this.call<PrefillResponse>('GET', `api/v1/rounds/${encodeURIComponent(round)}/sheets/${table}/prefill`);
  merged = (round: string, table: TableName) =>
    this.call<MergedResponse>('GET', `api/v1/rounds/${encodeURIComponent(round)}/merged/${table}`, {
      timeoutMs: 120_000,
    });

  /** What a sync of the sheet would do; nothing is stored (no idempotency key needed). */
  previewSheet = (round: string, table: TableName, body: SyncRequest) =>
    this.call<DryRunResponse>('PUT', `api/v1/rounds/${encodeURIComponent(round)}/sheets/${table}?dryRun=true`, {
      body,
      timeoutMs: 180_000,
    });

  /** Submit the sheet as final, on the version this workbook holds (409 when a sync moved it since). */
  submitSheet = (round: string, table: TableName, version: number) =>
    this.call<SheetResponse['status']>('POST', `api/v1/rounds/${encodeURIComponent(round)}/sheets/${table}/submit`, {
      body: { version },
    });

  /** Rows of the sheet that syncs removed, as each was removed, newest first. */
  removedRows = (round: string, table: TableName) =>
    this.call<RemovedRowsResponse>('GET', `api/v1/rounds/${encodeURIComponent(round)}/sheets/${table}/removed`);

  /** Bring removed rows back, as a sync of the sheet on `baseVersion` (409 when the sheet moved since). */
  restoreRows = (round: string, table: TableName, rowIds: string[], baseVersion: number) =>
    this.call<RestoreResponse>('POST', `api/v1/rounds/${encodeURIComponent(round)}/sheets/${table}/restore`, {
      body: { rowIds, baseVersion },
      timeoutMs: 180_000,
    });

  /** The round's flags still to act on, open or returned (an agency gets only those about it). */
  openFlags = (round: string) =>
    Promise.all(
      (['open', 'returned'] as const).map((status) =>
        this.call<{ total: number; flags: Flag[] }>(
          'GET',
          `api/v1/rounds/${encodeURIComponent(round)}/flags?status=${status}&limit=1000`,
        ),
      ),
    ).then((pages) => pages.flatMap((p) => p.flags));

  /** Answer a flag on the agency's own rows («Đã sửa» with `done`, or a reply). */
  replyToFlag = (round: string, flagId: string, body: FlagReplyRequest) =>
    this.call<{ flagId: string; body: string }>(
      'POST',
      `api/v1/rounds/${encodeURIComponent(round)}/flags/${encodeURIComponent(flagId)}/replies`,
      { body },
    );

  /** PUT the whole sheet. The same key and body may be sent again safely: the service replays its answer. */
  putSheet = (round: string, table: TableName, body: SyncRequest, idempotencyKey: string) =>
    this.call<SyncResponse>('PUT', `api/v1/rounds/${encodeURIComponent(round)}/sheets/${table}`, {
      body,
      headers: { 'idempotency-key': idempotencyKey },
      timeoutMs: 180_000,
    });
}
