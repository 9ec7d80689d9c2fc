/**
 * «Trạng thái nộp» (validators, coordinators): every expected agency × table with its state,
 * last sync, submission and reviewer; accepting in one go every submitted sheet with no open
 * error flag (after a confirmation that says how many); «nhắc nhở», the registry's contacts of
 * the agencies whose sheets are missing. A sheet's own page shows its history and, after a
 * reopen, each cell changed since its last acceptance, with the accept and return forms.
 */
import type { Hono } from 'hono';
import { SHEET_STATE_LABELS, TABLE_NAMES, type TableName, tableDef } from '../../domain/index.js';
import { ApiError } from '../errors.js';
import { getRound, periodOf, type Round } from '../rounds/round.js';
import { moveSheet, type SheetRecord, type SheetStatus, sheetHistory, sheetStatus } from '../sheets/lifecycle.js';
import { CsrfField, ErrorBox, Notice } from './components.js';
import { AUDIT_ACTION_LABELS, formatDate, formatDateTime, TABLE_LABELS } from './labels.js';
import { renderPage, url } from './layout.js';
import { type ConsoleContext, type ConsoleEnv, requireConsoleRole } from './session.js';
import { acceptable, acceptSheets, loadSheetLines, missing, type SheetLine } from './submissions-data.js';

const reviewers = requireConsoleRole('validator', 'coordinator');
const MISSING_LABEL = 'Chưa gửi';
const stateLabel = (s: SheetLine['state']) => (s === 'missing' ? MISSING_LABEL : SHEET_STATE_LABELS[s]);
const tableShort = (t: TableName) => TABLE_LABELS[t].split(' — ')[0]!;
const isTable = (t: string): t is TableName => (TABLE_NAMES as readonly string[]).includes(t);

export function registerSubmissions(app: Hono<ConsoleEnv>) {
  app.get('/rounds/:round/submissions', reviewers, async (c) => {
    const accepted = Number(c.req.query('accepted'));
    const skipped = Number(c.req.query('skipped'));
    return showSubmissions(c, {
      ...(Number.isInteger(accepted) && c.req.query('accepted') !== undefined ? { accepted } : {}),
      ...(Number.isInteger(skipped) && skipped > 0 ? { skipped } : {}),
      remind: c.req.query('remind') === '1',
    });
  });

  // First the confirmation (how many, which), then, with `confirm`, the acceptances.
  app.post('/rounds/:round/submissions/accept', reviewers, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const { db, registry, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round') ?? '');
    const lines = acceptable(await loadSheetLines(db, registry, round));
    if (form.confirm !== '1') return showConfirm(c, round, lines);
    const seen = new Set([form.sheet ?? []].flat().map(String));
    // Only what the reviewer confirmed, at the version shown, and still acceptable now.
    const chosen = lines.filter((l) => seen.has(sheetField(l)));
    const { accepted, skipped } = await acceptSheets(db, round, chosen, c.get('principal'), config.now());
    const gone = seen.size - chosen.length;
    return c.redirect(url.submissions(round.id, `accepted=${accepted}&skipped=${skipped.length + gone}`), 303);
  });

  app.get('/rounds/:round/sheets/:table/:agency', reviewers, async (c) => showSheet(c));

  app.post('/rounds/:round/sheets/:table/:agency', reviewers, async (c) => {
    const form = await c.req.parseBody();
    const action = form.action === 'accept' || form.action === 'return' ? form.action : null;
    const note = typeof form.note === 'string' ? form.note.trim() : '';
    const version = Number(form.version);
    const { db, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round') ?? '');
    const table = c.req.param('table') ?? '';
    if (!isTable(table)) throw new ApiError('not_found', `Không có bảng «${table}».`);
    if (!action) return showSheet(c, { error: 'Hãy chọn chấp nhận hoặc trả lại bảng.' }, 422);
    try {
      await moveSheet(db, {
        roundId: round.id,
        table,
        agencyId: c.req.param('agency'),
        action,
        actor: c.get('principal'),
        ...(note ? { note } : {}),
        ...(Number.isInteger(version) ? { version } : {}),
        now: config.now(),
      });
    } catch (e) {
      if (e instanceof ApiError && e.status !== 403 && e.status !== 404)
        return showSheet(c, { error: e.message, note }, 422);
      throw e;
    }
    return c.redirect(`${url.sheet(round.id, table, c.req.param('agency'))}?done=${action}`, 303);
  });
}

const sheetField = (l: Pick<SheetLine, 'table' | 'agencyId' | 'version'>) => `${l.table}|${l.agencyId}|${l.version}`;

async function showSubmissions(c: ConsoleContext, props: { accepted?: number; skipped?: number; remind: boolean }) {
  const { db, registry } = c.get('deps');
  const round = await getRound(db, c.req.param('round') ?? '');
  const lines = await loadSheetLines(db, registry, round);
  const ready = acceptable(lines);
  const absent = missing(round, lines);
  const count = (s: SheetLine['state']) => lines.filter((l) => l.expected && l.state === s).length;
  return renderPage(c, {
    title: 'Trạng thái nộp',
    round,
    nav: 'submissions',
    children: (
      <>
        <p class="lead">
          {`Hạn gửi: ${round.dueDate ? formatDate(round.dueDate) : 'chưa đặt'} · `}
          {round.requireSubmission
            ? 'Đợt này yêu cầu cơ quan gửi chính thức.'
            : 'Đợt này tính theo lần đồng bộ, không bắt buộc gửi chính thức.'}
        </p>
        {props.accepted !== undefined && (
          <Notice>
            {`Đã chấp nhận ${props.accepted} bảng.`}
            {props.skipped
              ? ` ${props.skipped} bảng chưa được chấp nhận vì vừa có thay đổi (cơ quan đồng bộ lại, bị trả lại hoặc có lỗi mới); hãy xem lại.`
              : ''}
          </Notice>
        )}
        <ul class="cards" aria-label="Số bảng theo trạng thái">
          {(['missing', 'draft', 'submitted', 'returned', 'accepted'] as const).map((s) => (
            <li>
              {stateLabel(s)}
              <span class="big">{count(s)}</span>
            </li>
          ))}
        </ul>
        <h2>Chấp nhận hàng loạt</h2>
        {ready.length === 0 ? (
          <p>Không có bảng nào đã gửi chính thức mà không còn cảnh báo mức lỗi đang mở.</p>
        ) : (
          <form method="post" action={`${url.submissions(round.id)}/accept`}>
            <p>{`${ready.length} bảng đã gửi chính thức và không còn cảnh báo mức lỗi đang mở.`}</p>
            <CsrfField csrf={c.get('csrf')} />
            <button type="submit" class="primary">{`Chấp nhận tất cả ${ready.length} bảng…`}</button>
          </form>
        )}
        <h2>Nhắc nhở</h2>
        {absent.length === 0 ? (
          <p>Mọi cơ quan phải gửi đều đã gửi đủ các bảng.</p>
        ) : props.remind ? (
          <Reminders round={round} lines={absent} />
        ) : (
          <p>
            {`${absent.length} bảng của ${new Set(absent.map((l) => l.agencyId)).size} cơ quan ${round.requireSubmission ? 'chưa gửi chính thức' : 'chưa gửi'}. `}
            <a href={url.submissions(round.id, 'remind=1')}>Xem danh sách liên hệ để nhắc nhở</a>
          </p>
        )}
        <SheetTable round={round} lines={lines} />
      </>
    ),
  });
}

function Reminders(props: { round: Round; lines: SheetLine[] }) {
  const { round } = props;
  const byAgency = new Map<string, SheetLine[]>();
  for (const l of props.lines) byAgency.set(l.agencyId, [...(byAgency.get(l.agencyId) ?? []), l]);
  const due = round.dueDate ? ` trước hạn ${formatDate(round.dueDate)}` : '';
  return (
    <table id="nhac-nho">
      <caption>Cơ quan cần nhắc nhở, với thông tin liên hệ trong danh mục cơ quan</caption>
      <thead>
        <tr>
          <th scope="col">Cơ quan</th>
          <th scope="col">Bảng còn thiếu</th>
          <th scope="col">Liên hệ</th>
          <th scope="col">Nội dung nhắc</th>
        </tr>
      </thead>
      <tbody>
        {[...byAgency].map(([agencyId, lines]) => {
          const tables = lines.map((l) => tableShort(l.table)).join(', ');
          const act = round.requireSubmission ? 'đồng bộ và gửi chính thức' : 'đồng bộ';
          return (
            <tr>
              <th scope="row">
                <a href={url.registry(agencyId)}>{lines[0]!.name}</a>
              </th>
              <td>{lines.map((l) => `${tableShort(l.table)} (${stateLabel(l.state).toLowerCase()})`).join('; ')}</td>
              <td>{lines[0]!.contact ?? 'Chưa có thông tin liên hệ trong danh mục'}</td>
              <td>{`Đề nghị ${lines[0]!.name} ${act} ${tables} của đợt «${round.name}» trên TổngHợp${due}.`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SheetTable(props: { round: Round; lines: SheetLine[] }) {
  return (
    <table>
      <caption>Từng cơ quan và từng bảng (chưa gửi, bị trả lại và chờ thẩm định ở đầu bảng)</caption>
      <thead>
        <tr>
          <th scope="col">Cơ quan</th>
          <th scope="col">Bảng</th>
          <th scope="col">Trạng thái</th>
          <th scope="col">Đồng bộ gần nhất</th>
          <th scope="col">Gửi chính thức</th>
          <th scope="col">Người thẩm định</th>
          <th scope="col" class="num">
            Cảnh báo mức lỗi đang mở
          </th>
        </tr>
      </thead>
      <tbody>
        {props.lines.map((l) => (
          <tr>
            <th scope="row">
              {l.name}
              {!l.expected && <span class="muted"> (ngoài danh sách phải gửi)</span>}
            </th>
            <td>{tableShort(l.table)}</td>
            <td>
              {l.state === 'missing' ? (
                MISSING_LABEL
              ) : (
                <a href={url.sheet(props.round.id, l.table, l.agencyId)}>{stateLabel(l.state)}</a>
              )}
              {l.changedSinceAcceptance > 0 && (
                <span class="muted">{` · ${l.changedSinceAcceptance} dòng thay đổi từ lần chấp nhận trước`}</span>
              )}
            </td>
            <td>{formatDateTime(l.lastSync)}</td>
            <td>{formatDateTime(l.submittedAt)}</td>
            <td>{l.reviewer ? `${l.reviewer}, ${formatDateTime(l.reviewedAt)}` : '—'}</td>
            <td class="num">{l.openErrors}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function showConfirm(c: ConsoleContext, round: Round, lines: SheetLine[]) {
  return renderPage(c, {
    title: 'Xác nhận chấp nhận hàng loạt',
    round,
    nav: 'submissions',
    children:
      lines.length === 0 ? (
        <p>
          Không còn bảng nào để chấp nhận. <a href={url.submissions(round.id)}>Quay lại trạng thái nộp</a>
        </p>
      ) : (
        <form method="post" action={`${url.submissions(round.id)}/accept`}>
          <p>{`Chấp nhận ${lines.length} bảng dưới đây? Bảng đã chấp nhận bị khóa: cơ quan không sửa được nữa cho tới khi cán bộ điều phối mở lại.`}</p>
          <ul>
            {lines.map((l) => (
              <li>
                <input type="hidden" name="sheet" value={sheetField(l)} />
                {`${l.name} — ${tableShort(l.table)} (gửi chính thức ${formatDateTime(l.submittedAt)})`}
              </li>
            ))}
          </ul>
          <input type="hidden" name="confirm" value="1" />
          <CsrfField csrf={c.get('csrf')} />
          <button type="submit" class="primary">{`Chấp nhận ${lines.length} bảng`}</button>{' '}
          <a href={url.submissions(round.id)}>Huỷ</a>
        </form>
      ),
  });
}

async function showSheet(c: ConsoleContext, form: { error?: string; note?: string } = {}, status: 200 | 422 = 200) {
  const { db, registry } = c.get('deps');
  const round = await getRound(db, c.req.param('round') ?? '');
  const table = c.req.param('table') ?? '';
  const agencyId = c.req.param('agency') ?? '';
  if (!isTable(table)) throw new ApiError('not_found', `Không có bảng «${table}».`);
  if (!(await registry.get(agencyId)))
    throw new ApiError('not_found', `Không có cơ quan «${agencyId}» trong danh mục.`);
  const key = { roundId: round.id, table, agencyId };
  const sheet = await sheetStatus(db, key);
  const { transitions, changesSinceAcceptance } = await sheetHistory(db, key, sheet);
  const done = c.req.query('done');
  return renderPage(
    c,
    {
      title: `${await registry.name(agencyId)} — ${tableShort(table)}`,
      round,
      nav: 'submissions',
      children: (
        <>
          {done === 'accept' && <Notice>Đã chấp nhận bảng; bảng được khóa.</Notice>}
          {done === 'return' && <Notice>Đã trả lại bảng cho cơ quan kèm ý kiến.</Notice>}
          <ErrorBox messages={form.error ? [form.error] : []} />
          <p class="lead">{`${sheet.label} · phiên bản ${sheet.version}`}</p>
          {sheet.note && <p>{`Ghi chú: «${sheet.note}»`}</p>}
          <Changes
            status={sheet}
            changes={changesSinceAcceptance}
            headers={
              new Map([
                ['section', 'Mục'],
                ...tableDef(table, periodOf(round)).columns.map((col) => [col.key, col.header] as [string, string]),
              ])
            }
          />
          <Decision
            status={sheet}
            csrf={c.get('csrf')}
            action={url.sheet(round.id, table, agencyId)}
            note={form.note}
          />
          <h2>Lịch sử trạng thái</h2>
          {transitions.length === 0 ? (
            <p>Chưa có lần gửi chính thức, chấp nhận hay trả lại nào.</p>
          ) : (
            <ul>
              {transitions.map((t) => (
                <li>{`${formatDateTime(t.at)} — ${t.actor}: ${AUDIT_ACTION_LABELS[t.action] ?? t.action}${t.note ? ` («${t.note}»)` : ''}`}</li>
              ))}
            </ul>
          )}
          <p>
            <a href={url.submissions(round.id)}>Quay lại trạng thái nộp</a>
          </p>
        </>
      ),
    },
    status,
  );
}

const CHANGE_LABELS: Record<string, string> = {
  insert: 'Dòng mới',
  update: 'Dòng sửa',
  delete: 'Dòng xoá',
  restore: 'Dòng khôi phục',
};

function Changes(props: { status: SheetStatus; changes: SheetRecord[]; headers: ReadonlyMap<string, string> }) {
  const { status, changes } = props;
  if (!status.acceptedAt || status.state === 'accepted') return null;
  return (
    <>
      <h2>Thay đổi từ lần chấp nhận trước</h2>
      <p>{`Chấp nhận lúc ${formatDateTime(status.acceptedAt)} bởi ${status.acceptedBy ?? '—'}; từ đó ${status.changedSinceAcceptance} dòng đã thay đổi.`}</p>
      {changes.length > 0 && (
        <table>
          <caption>Từng ô đã thay đổi</caption>
          <thead>
            <tr>
              <th scope="col">Lúc</th>
              <th scope="col">Thay đổi</th>
              <th scope="col">Dòng</th>
              <th scope="col">Cột</th>
              <th scope="col">Trước</th>
              <th scope="col">Sau</th>
            </tr>
          </thead>
          <tbody>
            {changes.flatMap((ch) => {
              const before = (ch.before ?? {}) as Record<string, unknown>;
              const after = (ch.after ?? {}) as Record<string, unknown>;
              const row = `${after.code ?? before.code ?? ''} ${after.name ?? before.name ?? ch.uid ?? ''}`.trim();
              return (ch.columns ?? []).map((col) => (
                <tr>
                  <td>{`${formatDateTime(ch.at)}, ${ch.actor}`}</td>
                  <td>{CHANGE_LABELS[ch.action] ?? ch.action}</td>
                  <td>{row}</td>
                  <td>{props.headers.get(col) ?? col}</td>
                  <td>{cell(before[col])}</td>
                  <td>{cell(after[col])}</td>
                </tr>
              ));
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

const cell = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'number' ? v.toLocaleString('vi-VN') : String(v);

function Decision(props: { status: SheetStatus; csrf: string; action: string; note?: string | undefined }) {
  const { status } = props;
  if (status.state !== 'submitted' && status.state !== 'accepted') return null;
  return (
    <form method="post" action={props.action}>
      <h2>Thẩm định</h2>
      <input type="hidden" name="version" value={String(status.version)} />
      {status.state === 'submitted' && (
        <label class="choice">
          <input type="radio" name="action" value="accept" /> Chấp nhận (khóa bảng)
        </label>
      )}
      <label class="choice">
        <input type="radio" name="action" value="return" /> Trả lại cơ quan để sửa
      </label>
      <div class="field">
        <label for="note">Ý kiến (bắt buộc khi trả lại)</label>
        <textarea id="note" name="note" rows={3}>
          {props.note ?? ''}
        </textarea>
      </div>
      <CsrfField csrf={props.csrf} />
      <button type="submit" class="primary">
        Ghi quyết định
      </button>
    </form>
  );
}
