/**
 * What the task pane does, without a DOM: sign in, pick a round and a table, insert, check,
 * sync, refresh, pull the merged table. Views render `state` and call the actions; every action
 * reports its outcome in `state.notice`, in Vietnamese — nothing fails silently.
 */
import { AgencyMatcher } from '../../domain/parse/agency.js';
import { progressCheckOptions } from '../../domain/progress/checks.js';
import type { Agency } from '../../domain/registry.js';
import { type Period, tableDef } from '../../domain/tables.js';
import { TABLE_NAMES, type TableName } from '../../domain/values.js';
import { type CheckResult, type PlacedFinding, planCheck } from '../sheet/check.js';
import { sheetColumns } from '../sheet/columns.js';
import { planComments, type RowComment } from '../sheet/comments.js';
import { buildTableSheet, excelTableName, type LayoutInput } from '../sheet/layout.js';
import { mergedGrid } from '../sheet/merged.js';
import type { CellValue, TableSnapshot, WorkbookPort, WorkbookState } from '../sheet/port.js';
import { apiRow, type SheetRowValues } from '../sheet/rows.js';
import {
  type ApiClient,
  ApiFailure,
  type DryRunResponse,
  NetworkFailure,
  type Round,
  type SheetResponse,
  type SyncRequest,
} from '../sync/api.js';
import { randomId, type SyncQueue } from '../sync/queue.js';
import { LiveCheck } from './live-check.js';
import { checkNotice, queueView } from './notices.js';
import { ownFlags } from './own-flags.js';
import { needsPreview, planPreview } from './preview.js';
import { onQueue, showConflict, showRejected } from './queue-news.js';
import * as restoreFlow from './restore-flow.js';
import { applyLock, serverView } from './server-sheet.js';
import { type PaneState, type Prefs, sheetKey } from './state.js';
import * as submitFlow from './submit-flow.js';
import { T, TABLE_LABELS } from './text.js';

export type { CheckView, ConflictView, Notice, PaneState, Prefs } from './state.js';

export interface PaneDeps {
  workbook: WorkbookPort;
  api: ApiClient;
  queue: SyncQueue;
  prefs: Prefs;
  /** Wait after the last edit before a live check. */
  liveDelayMs?: number;
}

const PROGRESS_TABLES: readonly TableName[] = ['progress', 'target-progress'];
const SIGN_IN_RETRY_MS = 15_000;

export class PaneController {
  state: PaneState;
  private readonly listeners = new Set<(s: PaneState) => void>();
  private matcher: AgencyMatcher | null = null;
  private agencies: Agency[] = [];
  private readonly live: LiveCheck;
  private unsubscribeEdits: (() => Promise<void>) | null = null;
  /** Per round and table, the items other agencies' sub-items hang under, as last fetched. */
  private readonly parents = new Map<string, ReadonlySet<string>>();
  /** Plan values of the locked columns by uid, per sheet, as the insert wrote them from the service. */
  private readonly planValues = new Map<string, ReadonlyMap<string, Readonly<Record<string, CellValue>>>>();

  constructor(readonly deps: PaneDeps) {
    this.state = {
      phase: 'starting',
      signingIn: false,
      signInError: null,
      me: null,
      agencyName: null,
      rounds: [],
      roundId: null,
      table: (TABLE_NAMES as readonly string[]).includes(deps.prefs.get('table') ?? '')
        ? (deps.prefs.get('table') as TableName)
        : 'budget',
      tables: [],
      workbookState: { workbookId: null, sheets: {} },
      busy: null,
      notice: null,
      check: null,
      sync: null,
      queue: { mine: 0, elsewhere: 0, retryAt: null, error: null, durable: deps.queue.durable },
      conflict: null,
      comments: [],
      server: null,
      preview: null,
      removed: null,
      flags: null,
      previewSmall: deps.prefs.get('previewSmall') !== '0',
      liveCheck: deps.prefs.get('liveCheck') !== '0',
      notes: deps.workbook.capabilities.notes,
    };
    deps.queue.on((e) => void onQueue(this, e));
    // A quiet check: no busy state, no notice unless it fails; never while an action runs.
    this.live = new LiveCheck(async () => {
      if (this.state.busy) return false;
      try {
        await this.runCheck(this.state.table);
      } catch (e) {
        this.set({ notice: { kind: 'error', text: T.unexpected((e as Error).message) } });
      }
      return true;
    }, deps.liveDelayMs ?? 700);
  }

  subscribe(listener: (s: PaneState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  set(patch: Partial<PaneState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  // ——— derived ———

  get round(): Round | null {
    return this.state.rounds.find((r) => r.id === this.state.roundId) ?? null;
  }
  private period(): Period {
    const r = this.round;
    return r ? { from: r.periodStart, to: r.periodEnd } : { from: 2026, to: 2030 };
  }
  def(table = this.state.table) {
    return tableDef(table, this.period());
  }
  /** The column naming a row of the selected table (where a row's flag is selected). */
  get nameKey(): string {
    return this.def().nameKey;
  }
  get canSync(): boolean {
    return (
      this.state.me?.role === 'agency' || (this.state.me?.role === 'coordinator' && this.state.me.agencyId !== null)
    );
  }
  get canPullMerged(): boolean {
    return this.state.me?.role === 'coordinator' || this.state.me?.role === 'validator';
  }
  get hasTable(): boolean {
    return this.state.tables.includes(excelTableName(this.state.table));
  }
  /** The sheet's last sync, when it was this account's agency that synced it. */
  lastSync(): { version: number; syncedAt: string } | null {
    const round = this.state.roundId;
    const known = round ? this.state.workbookState.sheets[sheetKey(round, this.state.table)] : undefined;
    return known && known.agency === this.state.me?.agencyId ? known : null;
  }

  /** The agency whose rows the sheet holds, when that is not the signed-in account's. */
  private foreignAgency(round: string, table: TableName): string | null {
    const known = this.state.workbookState.sheets[sheetKey(round, table)];
    if (!known?.agency || known.agency === this.state.me?.agencyId) return null;
    return this.agencies.find((a) => a.id === known.agency)?.name ?? known.agency;
  }

  // ——— start, sign in ———

  /**
   * Read the workbook's state and let the queue send what waits for this workbook (with the
   * remembered token, even before sign-in finishes), then sign in silently if a token is kept.
   */
  async start(): Promise<void> {
    try {
      const wb = await this.deps.workbook.readState();
      this.set({ tables: wb.tables, workbookState: wb.state });
      await this.deps.queue.attach(wb.state.workbookId);
    } catch (e) {
      this.set({ notice: { kind: 'error', text: T.unexpected((e as Error).message) } });
    }
    const token = this.deps.prefs.token();
    if (!token) {
      this.set({ phase: 'signed-out' });
      return;
    }
    await this.signIn(token, true, true);
  }

  async signIn(token: string, remember: boolean, silent = false): Promise<void> {
    const trimmed = token.trim();
    if (!trimmed) {
      this.set({ signInError: T.tokenMissing });
      return;
    }
    this.set({ signingIn: true, signInError: null });
    if (!silent) this.deps.prefs.setToken(trimmed, remember);
    try {
      const [me, rounds, agencies] = await Promise.all([
        this.deps.api.me(),
        this.deps.api.rounds(),
        this.deps.api.registry(),
      ]);
      this.agencies = agencies;
      this.matcher = new AgencyMatcher({ agencies });
      const agencyName = me.agencyId ? (agencies.find((a) => a.id === me.agencyId)?.name ?? me.agencyId) : null;
      const remembered = this.deps.prefs.get('round');
      const roundId =
        rounds.find((r) => r.id === remembered)?.id ??
        rounds.find((r) => r.status === 'open')?.id ??
        rounds[0]?.id ??
        null;
      this.set({
        phase: 'ready',
        signingIn: false,
        me,
        agencyName,
        rounds,
        roundId,
        table: this.fittingTable(roundId, rounds),
        notice: rounds.length === 0 ? { kind: 'info', text: T.noRounds } : this.state.notice,
      });
      await this.watchEdits();
      // Sends held for want of a valid token go now.
      void this.deps.queue.retryNow();
      await this.loadServer();
    } catch (e) {
      const rejected = e instanceof ApiFailure && e.status === 401;
      if (rejected) this.deps.prefs.clearToken();
      // Offline at start: keep the token and try again; the queue keeps sending meanwhile.
      if (silent && e instanceof NetworkFailure)
        setTimeout(() => void this.signIn(trimmed, remember, true), SIGN_IN_RETRY_MS);
      this.set({
        phase: 'signed-out',
        signingIn: false,
        signInError: rejected
          ? T.tokenRejected
          : e instanceof NetworkFailure
            ? T.offlineAtStart
            : T.unexpected((e as Error).message),
      });
    }
  }

  async signOut(): Promise<void> {
    this.deps.prefs.clearToken();
    this.live.stop();
    await this.unsubscribeEdits?.();
    this.unsubscribeEdits = null;
    this.set({
      phase: 'signed-out',
      me: null,
      agencyName: null,
      rounds: [],
      roundId: null,
      check: null,
      sync: null,
      conflict: null,
      comments: [],
      server: null,
      preview: null,
      removed: null,
      notice: null,
      signInError: null,
    });
  }

  selectRound(id: string): void {
    this.deps.prefs.set('round', id);
    this.set({
      roundId: id,
      check: null,
      sync: null,
      comments: [],
      notice: null,
      preview: null,
      removed: null,
      table: this.fittingTable(id),
    });
    void this.loadServer();
  }

  /** The tables a round takes: a progress round's reports, or a plan round's appendices. */
  get roundTables(): TableName[] {
    const progress = this.round?.kind === 'progress';
    return TABLE_NAMES.filter((t) => PROGRESS_TABLES.includes(t) === progress);
  }

  /** The chosen table if the round takes it, else the round's first table. */
  private fittingTable(roundId: string | null, rounds: readonly Round[] = this.state.rounds): TableName {
    const progress = rounds.find((r) => r.id === roundId)?.kind === 'progress';
    if (PROGRESS_TABLES.includes(this.state.table) === progress) return this.state.table;
    return progress ? 'progress' : 'budget';
  }

  selectTable(table: TableName): void {
    this.deps.prefs.set('table', table);
    this.set({ table, check: null, sync: null, comments: [], notice: null, preview: null, removed: null });
    void this.loadServer();
  }

  /** Whether syncs of a few rows (no removal) show the preview too; kept for this user on this machine. */
  setPreviewSmall(on: boolean): void {
    this.deps.prefs.set('previewSmall', on ? '1' : '0');
    this.set({ previewSmall: on });
  }

  setLiveCheck(on: boolean): void {
    this.deps.prefs.set('liveCheck', on ? '1' : '0');
    this.set({ liveCheck: on });
  }

  // ——— running actions ———

  /** Run an action with a busy label; any failure becomes an error notice. */
  async act(label: string, work: () => Promise<void>): Promise<void> {
    if (this.state.busy) return;
    this.set({ busy: label, notice: null });
    try {
      await work();
    } catch (e) {
      this.set({
        notice: {
          kind: 'error',
          text:
            e instanceof ApiFailure && e.status === 403
              ? `${T.forbiddenAction} ${e.message}`
              : T.unexpected((e as Error).message),
        },
      });
    } finally {
      this.set({ busy: null });
    }
  }

  layoutInput(table: TableName): LayoutInput {
    const round = this.round;
    return {
      table,
      period: this.period(),
      roundName: round?.name ?? '',
      agencyName: this.state.agencyName,
      outline: round?.outline ?? {},
      agencies: this.agencies.filter((a) => a.kind !== 'group').map((a) => a.name),
    };
  }

  withWorkbookId(state: WorkbookState): WorkbookState {
    return state.workbookId ? state : { ...state, workbookId: randomId() };
  }

  /** The agency's rows on the service (null for accounts without a sheet of their own). */
  async serverSheet(table: TableName): Promise<SheetResponse | null> {
    if (!this.canSync || !this.state.roundId) return null;
    const round = this.state.roundId;
    const sheet = await this.deps.api.sheet(round, table);
    this.set({ server: serverView(round, table, sheet, this.def(table).nameKey) });
    return sheet;
  }

  /**
   * Ask the service what it holds of the selected sheet, and lock the sheet's cells when it was
   * accepted. Best effort: offline, the pane says what it last knew.
   */
  async loadServer(): Promise<void> {
    try {
      const server = await this.serverSheet(this.state.table);
      if (server) await this.syncLock();
    } catch {
      // Kept as it was: see above.
    }
    await this.loadFlags();
  }

  /** The open flags on the table's rows; kept as they were when the service cannot be reached. */
  async loadFlags(): Promise<void> {
    const round = this.state.roundId;
    const me = this.state.me;
    if (!round || !me) return;
    const table = this.state.table;
    try {
      const flags = await this.deps.api.openFlags(round);
      this.set({ flags: { round, table, items: ownFlags(flags, table, me) } });
    } catch {
      // See above.
    }
  }

  /** Protect the table's cells while the service says the sheet is accepted; lift it once reopened. */
  private async syncLock(): Promise<void> {
    const view = this.state.server;
    if (view && this.state.tables.includes(excelTableName(view.table))) await applyLock(this.deps.workbook, view);
  }

  insert(): Promise<void> {
    return this.act(T.inserting, async () => {
      const table = this.state.table;
      const round = this.state.roundId;
      const [server] = round ? await Promise.all([this.serverSheet(table), this.refreshParents(table)]) : [null];
      const prefilled = server && server.rows.length === 0 ? await this.prefillRows(table) : null;
      const serverRows: SheetRowValues[] | null = server?.rows.length
        ? server.rows.map((r) => ({ ...r }))
        : prefilled?.length
          ? prefilled
          : null;
      let state = this.withWorkbookId(this.state.workbookState);
      let usedServer = false;
      const result = await this.deps.workbook.insertTable(excelTableName(table), (existing) => {
        usedServer = !existing && serverRows !== null;
        if (usedServer && round && server)
          state = {
            ...state,
            sheets: {
              ...state.sheets,
              [sheetKey(round, table)]: {
                version: server.version,
                syncedAt: server.updatedAt ?? new Date().toISOString(),
                agency: server.agency,
              },
            },
          };
        return buildTableSheet(this.layoutInput(table), state, existing, serverRows);
      });
      const text =
        result.mode === 'created'
          ? T.inserted(result.sheetName, result.rows, usedServer)
          : result.mode === 'refreshed'
            ? T.refreshed(result.sheetName, result.rows)
            : T.rebuilt(result.sheetName, result.rows);
      if (round && serverRows) this.rememberPlanValues(round, table, serverRows);
      const tables = [...new Set([...this.state.tables, excelTableName(table)])];
      this.set({
        tables,
        workbookState: state,
        notice: { kind: 'success', text },
        comments: server?.comments ?? this.state.comments,
      });
      await this.deps.queue.attach(state.workbookId);
      if (usedServer && server && server.comments.length > 0) await this.writeComments(table, server.comments);
      await this.syncLock();
    });
  }

  /**
   * A progress sheet not yet sent this period starts from the plan's rows the agency reports, with
   * last period's answers (GET …/prefill); null outside progress rounds.
   */
  private async prefillRows(table: TableName): Promise<SheetRowValues[] | null> {
    const round = this.round;
    if (round?.kind !== 'progress' || !this.def(table).columns.some((c) => c.locked)) return null;
    const prefill = await this.deps.api.prefill(round.id, table);
    return prefill.rows.map((r) => ({ ...r }));
  }

  /** Keep what the plan says in the locked columns, for the check to put back what someone typed over. */
  private rememberPlanValues(round: string, table: TableName, rows: readonly SheetRowValues[]): void {
    const locked = this.def(table).columns.filter((c) => 'locked' in c && c.locked === true);
    if (locked.length === 0) return;
    const values = new Map<string, Record<string, CellValue>>();
    for (const row of rows)
      values.set(String(row.uid), Object.fromEntries(locked.map((c) => [c.key, (row[c.key] ?? '') as CellValue])));
    this.planValues.set(sheetKey(round, table), values);
  }

  private checkSetup(table: TableName) {
    const round = this.round;
    const roundParents = (round && this.parents.get(sheetKey(round.id, table))) || new Set<string>();
    const planValues = round ? this.planValues.get(sheetKey(round.id, table)) : undefined;
    return {
      ...(planValues ? { planValues } : {}),
      ...(round?.kind === 'progress' ? { progress: progressCheckOptions(round.periodStart, new Date()) } : {}),
      def: this.def(table),
      period: this.period(),
      matcher: this.matcher!,
      sections: (round?.outline[table] ?? []).map((e) => e.path),
      roundParents,
      notes: this.state.notes,
    };
  }

  /**
   * Fetch which items of the table other agencies' sub-items hang under, so that the pane
   * judges group rows as the service will. Best effort: offline, the last known answer (or
   * none) is used, and the service checks again on sync.
   */
  private async refreshParents(table: TableName): Promise<void> {
    const round = this.state.roundId;
    if (!round || !this.canSync) return;
    try {
      this.parents.set(sheetKey(round, table), new Set(await this.deps.api.parents(round, table)));
    } catch {
      // Kept as it was: see above.
    }
  }

  /** Check the table in the workbook (applying edits first); null when the workbook lacks it. */
  async runCheck(
    table: TableName,
    options: { edits?: { uid: string; key: string; value: CellValue }[]; force?: boolean } = {},
  ): Promise<CheckResult | null> {
    const setup = this.checkSetup(table);
    const result = await this.deps.workbook.patchTable(excelTableName(table), (snap: TableSnapshot) =>
      planCheck(snap, setup, options),
    );
    if (!result) {
      this.set({
        tables: this.state.tables.filter((t) => t !== excelTableName(table)),
        notice: { kind: 'warning', text: T.noTable(TABLE_LABELS[table]) },
      });
      return null;
    }
    this.set({
      check: {
        table,
        findings: result.findings,
        errors: result.errors,
        warnings: result.warnings,
        rows: result.rows.length,
        uidCol: result.columns.get('uid') ?? -1,
        fromServer: false,
      },
    });
    return result;
  }

  check(): Promise<void> {
    return this.act(T.checking, async () => {
      await this.refreshParents(this.state.table);
      const result = await this.runCheck(this.state.table, { force: true });
      if (result) this.set({ notice: checkNotice(result) });
    });
  }

  /** Write a finding's suggestion into its cell and check again: one click. */
  applySuggestion(finding: PlacedFinding): Promise<void> {
    return this.act(T.checking, async () => {
      if (finding.suggestion === null || !finding.column) return;
      const column = this.def().columns.find((c) => c.key === finding.column!.key);
      const numeric = column?.type === 'amount' && /^-?\d+(\.\d+)?$/.test(finding.suggestion);
      const result = await this.runCheck(this.state.table, {
        edits: [
          {
            uid: finding.uid,
            key: finding.column.key,
            value: numeric ? Number(finding.suggestion) : finding.suggestion,
          },
        ],
      });
      if (result) this.set({ notice: checkNotice(result) });
    });
  }

  async selectFinding(finding: Pick<PlacedFinding, 'uid' | 'col'>): Promise<void> {
    const check = this.state.check;
    if (!check || check.uidCol < 0) return;
    try {
      await this.deps.workbook.selectCell(excelTableName(check.table), {
        uidCol: check.uidCol,
        uid: finding.uid,
        col: finding.col,
      });
    } catch (e) {
      this.set({ notice: { kind: 'error', text: T.unexpected((e as Error).message) } });
    }
  }

  /** Select a row's cell by its id and a column key (the comments list). */
  async selectRow(uid: string, key: string): Promise<void> {
    const columns = sheetColumns(this.def());
    const col = columns.findIndex((c) => c.key === key);
    const uidCol = this.state.check?.uidCol ?? columns.findIndex((c) => c.key === 'uid');
    try {
      await this.deps.workbook.selectCell(excelTableName(this.state.table), { uidCol, uid, col: Math.max(0, col) });
    } catch (e) {
      this.set({ notice: { kind: 'error', text: T.unexpected((e as Error).message) } });
    }
  }

  sync(): Promise<void> {
    return this.act(T.syncing, async () => {
      const table = this.state.table;
      const round = this.state.roundId;
      if (!round || !this.canSync) {
        this.set({ notice: { kind: 'warning', text: T.noAgencyForSheet } });
        return;
      }
      const foreign = this.foreignAgency(round, table);
      if (foreign) {
        this.set({ notice: { kind: 'error', text: T.foreignSheet(foreign, this.state.agencyName ?? '') } });
        return;
      }
      const pending = (await this.deps.queue.list()).find(
        (e) =>
          e.conflict && e.round === round && e.table === table && e.workbookId === this.state.workbookState.workbookId,
      );
      if (pending) {
        showConflict(this, pending);
        return;
      }
      await this.refreshParents(table);
      const result = await this.runCheck(table);
      if (!result) return;
      if (result.missing.length > 0 || result.errors > 0) {
        this.set({
          notice:
            result.missing.length > 0
              ? { kind: 'warning', text: T.missingColumns(result.missing) }
              : { kind: 'error', text: T.blockedByErrors(result.errors) },
        });
        return;
      }
      const def = this.def(table);
      const send = {
        round,
        table,
        baseVersion: this.state.workbookState.sheets[sheetKey(round, table)]?.version ?? 0,
        rows: result.rows.map((r) => apiRow(r, def)),
      };
      let dry: DryRunResponse;
      try {
        dry = await this.deps.api.previewSheet(round, table, { baseVersion: send.baseVersion, rows: send.rows });
      } catch (e) {
        // Offline or signed out, the queue keeps the sheet until it can go; on a stale version its
        // conflict panel says what changed on the service and offers both ways out.
        const later =
          e instanceof NetworkFailure || (e instanceof ApiFailure && (e.code === 'stale_version' || e.status === 401));
        if (later) return this.send(send, e instanceof NetworkFailure ? T.queuedUnpreviewed : T.queued);
        if (e instanceof ApiFailure && e.status !== 403) return showRejected(this, table, send.rows.length, e);
        throw e;
      }
      const view = planPreview({ ...send, def, sheetRows: result.sheetRows, result: dry });
      if (!needsPreview(view, this.state.previewSmall)) return this.send(send, T.queued);
      this.set({ preview: view, sync: null, notice: null });
    });
  }

  /** «Gửi» under the preview: send exactly the rows it showed. */
  confirmPreview(): Promise<void> {
    const p = this.state.preview;
    if (!p) return Promise.resolve();
    this.set({ preview: null });
    return this.act(T.syncing, () => this.send(p, T.queued));
  }

  /** «Hủy»: nothing is sent, the workbook stays as it is. */
  cancelPreview(): void {
    this.set({ preview: null, notice: { kind: 'info', text: T.previewCancelled } });
  }

  private async send(
    entry: { round: string; table: TableName; baseVersion: number; rows: SyncRequest['rows'] },
    text: string,
  ): Promise<void> {
    let state = this.state.workbookState;
    if (!state.workbookId) {
      state = this.withWorkbookId(state);
      await this.deps.workbook.saveState(state);
      this.set({ workbookState: state });
      await this.deps.queue.attach(state.workbookId);
    }
    this.set({ notice: { kind: 'info', text }, sync: null });
    await this.deps.queue.enqueue({ workbookId: state.workbookId!, ...entry });
  }

  retryNow(): Promise<void> {
    return this.deps.queue.retryNow();
  }

  /** Answer a reviewer's comment: «Đã sửa» (`done`) or a reply; the reviewer reads it on the flag's page. */
  replyToComment(flagId: string, text: string, done: boolean): Promise<void> {
    return this.act(T.replying, async () => {
      const round = this.state.roundId;
      if (!round) return;
      try {
        await this.deps.api.replyToFlag(round, flagId, { body: text, done });
      } catch (e) {
        if (!(e instanceof ApiFailure) || e.status === 403) throw e;
        this.set({ notice: { kind: 'error', text: T.replyRefused(e.message) } });
        return;
      }
      const server = await this.serverSheet(this.state.table);
      if (server) {
        this.set({ comments: server.comments });
        if (this.hasTable) await this.writeComments(this.state.table, server.comments);
      }
      this.set({ notice: { kind: 'success', text: T.replied } });
    });
  }

  /** «Khôi phục dòng đã xóa» (addin/pane/restore-flow.ts). */
  submit = (): Promise<void> => submitFlow.submitSheet(this);
  get canSubmit(): boolean {
    return submitFlow.canSubmit(this);
  }
  showRemoved = (): Promise<void> => restoreFlow.showRemoved(this);
  toggleRemoved = (uid: string, on: boolean): void => restoreFlow.toggleRemoved(this, uid, on);
  closeRemoved = (): void => this.set({ removed: null });
  restoreRemoved = (): Promise<void> => restoreFlow.restoreRemoved(this);

  /** First click: ask to confirm; confirmed: drop the sends of other workbooks; `false` backs out. */
  async discardOrphans(confirmed: boolean | 'ask'): Promise<void> {
    if (confirmed === 'ask' || confirmed === false) {
      this.set({ queue: { ...this.state.queue, confirmDiscard: confirmed === 'ask' } });
      return;
    }
    const k = await this.deps.queue.discardOtherWorkbooks(this.state.workbookState.workbookId);
    await this.refreshQueue();
    this.set({ notice: { kind: 'success', text: T.discarded(k) } });
  }

  /** Comments and the server's version; offers to reload when the server is ahead. */
  refresh(): Promise<void> {
    return this.act(T.refreshing, async () => {
      const table = this.state.table;
      const server = await this.serverSheet(table);
      if (!server) {
        this.set({ notice: { kind: 'warning', text: T.noAgencyForSheet } });
        return;
      }
      this.set({ comments: server.comments });
      if (this.hasTable) await this.writeComments(table, server.comments);
      await this.syncLock();
      await this.loadFlags();
      const local = this.lastSync()?.version ?? 0;
      if (server.version > local)
        this.set({ notice: { kind: 'warning', text: T.newerOnServer(server.version, local), action: 'reload' } });
      else
        this.set({
          notice: {
            kind: 'success',
            text: T.upToDate(server.version, new Set(server.comments.map((c) => c.uid)).size),
          },
        });
    });
  }

  async writeComments(table: TableName, comments: RowComment[]): Promise<void> {
    const def = this.def(table);
    await this.deps.workbook.patchTable(excelTableName(table), (snap) => planComments(snap, def, comments));
  }

  /** Replace the sheet's rows with the service's (after a conflict, or when the service is ahead). */
  reload(): Promise<void> {
    return this.act(T.reloading, async () => {
      const table = this.state.table;
      const round = this.state.roundId!;
      const server = await this.serverSheet(table);
      if (!server) return;
      const conflict = this.state.conflict;
      if (conflict) await this.deps.queue.resolve(conflict.entryId, 'drop');
      let state = this.withWorkbookId(this.state.workbookState);
      state = {
        ...state,
        sheets: {
          ...state.sheets,
          [sheetKey(round, table)]: {
            version: server.version,
            syncedAt: server.updatedAt ?? new Date().toISOString(),
            agency: server.agency,
          },
        },
      };
      const rows: SheetRowValues[] = server.rows.map((r) => ({ ...r }));
      const result = await this.deps.workbook.insertTable(
        excelTableName(table),
        () => buildTableSheet(this.layoutInput(table), state, null, rows),
        { replaceRows: true },
      );
      this.set({
        workbookState: state,
        conflict: null,
        comments: server.comments,
        check: null,
        tables: [...new Set([...this.state.tables, excelTableName(table)])],
        notice: { kind: 'success', text: T.reloaded(result.sheetName, server.rows.length, server.version) },
      });
      if (server.comments.length > 0) await this.writeComments(table, server.comments);
      await this.syncLock();
    });
  }

  resend(): Promise<void> {
    const conflict = this.state.conflict;
    if (!conflict) return Promise.resolve();
    this.set({ conflict: null, notice: { kind: 'info', text: T.queued } });
    return this.deps.queue.resolve(conflict.entryId, 'resend');
  }

  pullMerged(): Promise<void> {
    return this.act(T.pulling, async () => {
      const round = this.round;
      if (!round) return;
      const table = this.state.table;
      const merged = await this.deps.api.merged(round.id, table);
      const spec = mergedGrid(merged, this.def(table), round.name, new Date());
      await this.deps.workbook.writeGridSheet(spec);
      this.set({
        notice: { kind: 'success', text: T.pulled(spec.sheetName, merged.rows.length, spec.highlights.length) },
      });
    });
  }

  // ——— the queue's news (addin/pane/queue-news.ts) ———

  async refreshQueue(): Promise<void> {
    this.set({
      queue: queueView(await this.deps.queue.list(), this.state.workbookState.workbookId, this.deps.queue.durable),
    });
  }

  // ——— checking as the user types ———

  private async watchEdits(): Promise<void> {
    if (this.unsubscribeEdits) return;
    try {
      this.unsubscribeEdits = await this.deps.workbook.onTableEdited((edit) => {
        if (this.state.liveCheck && edit.tableName === excelTableName(this.state.table)) this.live.schedule();
      });
    } catch {
      // Without change events the user checks by hand; everything is checked again before sync anyway.
    }
  }
}
