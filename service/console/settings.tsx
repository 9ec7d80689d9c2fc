/**
 * Round settings (coordinators only): open a round, and for each round its name, due date,
 * open/closed, expected agencies and the totals its plan declares. Saving goes through the same
 * `createRound`/`updateRound` as the API (audited), then recomputes the round's flags, since the
 * due date, the expected agencies and the declared totals are what several checks compare with.
 */
import type { Hono } from 'hono';
import {
  checkedPeriodSchema,
  FUNDING_SOURCES,
  formatDueDate,
  nextPeriod,
  type ReportingPeriod,
  vnDate,
} from '../../domain/index.js';
import { ApiError } from '../errors.js';
import { refreshFlags } from '../flags/refresh.js';
import { createRound, openNextRound, periodPhrase, updateRound } from '../rounds/manage.js';
import { getRound, type Round, toRound } from '../rounds/round.js';
import { CsrfField, ErrorBox, Notice } from './components.js';
import { formatDate, TABLE_LABELS } from './labels.js';
import { renderPage, url } from './layout.js';
import { OUTLINE_TABLES, outlineUrl } from './outline.js';
import { type ConsoleContext, type ConsoleEnv, requireConsoleRole } from './session.js';
import {
  agenciesFromLines,
  dateField,
  declaredFromForm,
  declaredToFields,
  type Form,
  SOURCE_FIELD_LABELS,
  text,
  yearField,
} from './settings-form.js';

const coordinator = requireConsoleRole('coordinator');
const STATUS_TEXT = { open: 'Đang nhận số liệu', closed: 'Đã khóa sổ' } as const;

export function registerSettings(app: Hono<ConsoleEnv>) {
  app.get('/settings', coordinator, (c) => showList(c, {}, []));

  app.post('/settings', coordinator, async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const { db, registry } = c.get('deps');
    const errors: string[] = [];
    const id = text(form, 'id');
    if (!/^[a-z0-9-]{2,64}$/.test(id))
      errors.push('Mã đợt chỉ gồm chữ thường không dấu, số và dấu gạch ngang (2–64 ký tự), ví dụ «de-an-11-2026».');
    const name = text(form, 'name');
    if (name === '') errors.push('Cần có tên đợt.');
    const kind = text(form, 'kind') === 'progress' ? 'progress' : 'plan';
    // A progress round takes its years from its plan.
    const periodStart = kind === 'plan' ? yearField(form, 'periodStart', 'Năm bắt đầu', errors) : undefined;
    const periodEnd = kind === 'plan' ? yearField(form, 'periodEnd', 'Năm kết thúc', errors) : undefined;
    if (periodStart && periodEnd && (periodEnd < periodStart || periodEnd - periodStart > 20))
      errors.push('Năm kết thúc phải sau năm bắt đầu (tối đa 20 năm).');
    const progress = kind === 'progress' ? progressFields(form, errors) : {};
    const dueDate = dateField(form, 'dueDate', errors) ?? undefined;
    const expectedAgencies = await agenciesFromLines(registry, text(form, 'expected'), errors);
    const copyFrom = text(form, 'outlineFrom');
    const outline = copyFrom ? (await getRound(db, copyFrom)).outline : {};
    if (errors.length)
      return showList(c, Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)])), errors, 422);
    try {
      const round = await createRound(
        { db, registry, principal: c.get('principal') },
        {
          id,
          name,
          kind,
          ...progress,
          ...(periodStart !== undefined ? { periodStart } : {}),
          ...(periodEnd !== undefined ? { periodEnd } : {}),
          ...(dueDate !== undefined ? { dueDate } : {}),
          status: 'open',
          outline,
          expectedAgencies,
          declaredTotals: null,
          requireSubmission: text(form, 'requireSubmission') === '1',
        },
      );
      return c.redirect(`${url.settings(round.id)}?created=1`, 303);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'conflict' || e.code === 'validation_failed'))
        return showList(c, Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)])), [e.message], 422);
      throw e;
    }
  });

  app.get('/settings/:round', coordinator, async (c) => {
    const round = await getRound(c.get('deps').db, c.req.param('round'));
    const done = c.req.query('saved')
      ? 'saved'
      : c.req.query('created')
        ? 'created'
        : c.req.query('recomputed')
          ? 'recomputed'
          : c.req.query('opened')
            ? 'opened'
            : undefined;
    return showRound(c, round, await roundFields(c, round), [], done);
  });

  app.post('/settings/:round', coordinator, async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const { db, registry, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    const errors: string[] = [];
    const name = text(form, 'name');
    if (name === '') errors.push('Cần có tên đợt.');
    const dueDate = dateField(form, 'dueDate', errors);
    const status = text(form, 'status') === 'closed' ? 'closed' : 'open';
    const expectedAgencies = await agenciesFromLines(registry, text(form, 'expected'), errors);
    const years = Array.from({ length: round.periodEnd - round.periodStart + 1 }, (_, i) => round.periodStart + i);
    const declaredTotals = declaredFromForm(form, years, errors);
    if (errors.length)
      return showRound(
        c,
        round,
        Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)])),
        errors,
        undefined,
        422,
      );
    const updated = await updateRound({ db, registry, principal: c.get('principal') }, round.id, {
      name,
      dueDate,
      status,
      expectedAgencies,
      declaredTotals,
      requireSubmission: text(form, 'requireSubmission') === '1',
    });
    const matcher = await registry.matcher();
    await db.transaction().execute((trx) => refreshFlags(trx, { round: updated, matcher, now: config.now() }));
    return c.redirect(`${url.settings(round.id)}?saved=1`, 303);
  });

  // Every flag of the round worked out again from the stored rows, as POST …/flags/recompute:
  // after a registry change whose recompute failed, or to bring flags on unchanged rows up to date.
  // The next period's progress round of the plan, in one action, as POST /api/v1/rounds/{round}/next.
  app.post('/settings/:round/next', coordinator, async (c) => {
    const { db, registry, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    try {
      const next = await openNextRound({ db, registry, principal: c.get('principal') }, round.id, {
        today: vnDate(config.now()),
      });
      return c.redirect(`${url.settings(next.id)}?opened=1`, 303);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'conflict' || e.code === 'validation_failed'))
        return showRound(c, round, await roundFields(c, round), [e.message], undefined, 422);
      throw e;
    }
  });

  app.post('/settings/:round/recompute', coordinator, async (c) => {
    const { db, registry, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    const matcher = await registry.matcher();
    await db.transaction().execute((trx) => refreshFlags(trx, { round, matcher, now: config.now() }));
    return c.redirect(`${url.settings(round.id)}?recomputed=1`, 303);
  });
}

/** The plan and the period of a progress round as the form gives them. */
function progressFields(form: Form, errors: string[]): { plan?: string; period?: ReportingPeriod } {
  const plan = text(form, 'plan');
  if (plan === '') errors.push('Đợt báo cáo tiến độ cần chọn kế hoạch được theo dõi.');
  const parsed = checkedPeriodSchema.safeParse({
    kind: text(form, 'periodKind') || 'month',
    year: Number(text(form, 'periodYear')),
    index: Number(text(form, 'periodIndex')),
  });
  if (!parsed.success) {
    errors.push('Kỳ báo cáo không hợp lệ (tháng 1–12, quý 1–4, 6 tháng 1–2, năm 1; năm viết đủ bốn chữ số).');
    return plan ? { plan } : {};
  }
  return { ...(plan ? { plan } : {}), period: parsed.data };
}

async function roundFields(c: ConsoleContext, round: Round): Promise<Record<string, string>> {
  const names: string[] = [];
  for (const id of round.expectedAgencies) names.push(await c.get('deps').registry.name(id));
  return {
    name: round.name,
    dueDate: round.dueDate ?? '',
    status: round.status,
    expected: names.join('\n'),
    requireSubmission: round.requireSubmission ? '1' : '',
    ...declaredToFields(round.declaredTotals),
  };
}

async function showList(c: ConsoleContext, values: Record<string, string>, errors: string[], status: 200 | 422 = 200) {
  const rows = await c.get('deps').db.selectFrom('rounds').selectAll().orderBy('created_at', 'desc').execute();
  const rounds = rows.map(toRound);
  const v = (k: string, d = '') => values[k] ?? d;
  return renderPage(
    c,
    {
      title: 'Thiết lập đợt',
      nav: 'settings',
      children: (
        <>
          <table>
            <caption>Các đợt thu thập số liệu</caption>
            <thead>
              <tr>
                <th scope="col">Tên đợt</th>
                <th scope="col">Mã</th>
                <th scope="col">Giai đoạn</th>
                <th scope="col">Hạn gửi</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Cơ quan phải gửi</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={url.settings(r.id)}>{r.name}</a>
                  </th>
                  <td>{r.id}</td>
                  <td>{`${r.periodStart}–${r.periodEnd}`}</td>
                  <td>{formatDate(r.dueDate)}</td>
                  <td>{STATUS_TEXT[r.status]}</td>
                  <td class="num">{r.expectedAgencies.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 id="new-round">Mở đợt mới</h2>
          <ErrorBox title="Chưa mở được đợt" messages={errors} />
          <form method="post" action={url.settings()} aria-labelledby="new-round">
            <div class="field">
              <label for="id">Mã đợt</label>
              <span class="hint" id="id-hint">
                Chữ thường không dấu, số, dấu gạch ngang; dùng trong Excel và đường dẫn. Ví dụ: de-an-11-2026.
              </span>
              <input type="text" id="id" name="id" value={v('id')} required aria-describedby="id-hint" />
            </div>
            <div class="field">
              <label for="name">Tên đợt</label>
              <input type="text" id="name" name="name" value={v('name')} required size={70} />
            </div>
            <fieldset>
              <legend>Loại đợt</legend>
              <label class="choice">
                <input type="radio" name="kind" value="plan" checked={v('kind', 'plan') !== 'progress'} /> Xây dựng kế
                hoạch
              </label>
              <label class="choice">
                <input type="radio" name="kind" value="progress" checked={v('kind') === 'progress'} /> Báo cáo tiến độ
              </label>
            </fieldset>
            <fieldset>
              <legend>Đợt báo cáo tiến độ: kế hoạch được theo dõi và kỳ báo cáo</legend>
              <p class="hint">
                Chỉ cần với đợt báo cáo tiến độ; giai đoạn lấy theo kế hoạch, hạn gửi để trống thì tính theo kỳ (tháng:
                trước ngày 20; quý: trước ngày 15 của tháng cuối quý).
              </p>
              <div class="field">
                <label for="plan">Kế hoạch được theo dõi</label>
                <select id="plan" name="plan">
                  <option value="">Chọn đợt kế hoạch</option>
                  {rounds
                    .filter((r) => r.kind === 'plan')
                    .map((r) => (
                      <option value={r.id} selected={v('plan') === r.id}>
                        {r.name}
                      </option>
                    ))}
                </select>
              </div>
              <div class="field">
                <label for="periodKind">Kỳ</label>
                <select id="periodKind" name="periodKind">
                  {(
                    [
                      ['month', 'Tháng'],
                      ['quarter', 'Quý'],
                      ['half', '6 tháng'],
                      ['year', 'Năm'],
                    ] as const
                  ).map(([k, label]) => (
                    <option value={k} selected={v('periodKind', 'month') === k}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="periodIndex">Số thứ tự của kỳ trong năm (tháng 1–12, quý 1–4, 6 tháng 1–2)</label>
                <input
                  type="text"
                  inputmode="numeric"
                  id="periodIndex"
                  name="periodIndex"
                  value={v('periodIndex', '1')}
                  size={4}
                />
              </div>
              <div class="field">
                <label for="periodYear">Năm của kỳ</label>
                <input
                  type="text"
                  inputmode="numeric"
                  id="periodYear"
                  name="periodYear"
                  value={v('periodYear', '2026')}
                  size={6}
                />
              </div>
            </fieldset>
            <div class="field">
              <label for="periodStart">Giai đoạn từ năm</label>
              <input
                type="text"
                inputmode="numeric"
                id="periodStart"
                name="periodStart"
                value={v('periodStart', '2026')}
                size={6}
              />
            </div>
            <div class="field">
              <label for="periodEnd">đến năm</label>
              <input
                type="text"
                inputmode="numeric"
                id="periodEnd"
                name="periodEnd"
                value={v('periodEnd', '2030')}
                size={6}
              />
            </div>
            <div class="field">
              <label for="dueDate">Hạn gửi</label>
              <input type="date" id="dueDate" name="dueDate" value={v('dueDate')} />
            </div>
            <div class="field">
              <label class="choice">
                <input
                  type="checkbox"
                  name="requireSubmission"
                  value="1"
                  checked={v('requireSubmission') === '1'}
                  aria-describedby="submission-hint"
                />{' '}
                Yêu cầu cơ quan gửi chính thức
              </label>
              <span class="hint" id="submission-hint">
                Có đánh dấu: cơ quan được tính đúng hạn khi đã bấm «Gửi chính thức» trước hạn. Không đánh dấu: khi đã
                đồng bộ bảng trước hạn.
              </span>
            </div>
            <div class="field">
              <label for="outlineFrom">Khung mục của các phụ lục</label>
              <select id="outlineFrom" name="outlineFrom">
                <option value="">Chưa có (các dòng sẽ nằm ở «Chưa xếp mục»)</option>
                {rounds.map((r) => (
                  <option value={r.id} selected={v('outlineFrom') === r.id}>{`Sao chép từ đợt «${r.name}»`}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="expected">Cơ quan phải gửi</label>
              <span class="hint" id="expected-hint">
                Mỗi dòng một cơ quan: tên đầy đủ, tên viết tắt (Sở KH&amp;CN) hoặc mã.
              </span>
              <textarea id="expected" name="expected" rows={6} aria-describedby="expected-hint">
                {v('expected')}
              </textarea>
            </div>
            <CsrfField csrf={c.get('csrf')} />
            <button type="submit" class="primary">
              Mở đợt
            </button>
          </form>
        </>
      ),
    },
    status,
  );
}

function showRound(
  c: ConsoleContext,
  round: Round,
  values: Record<string, string>,
  errors: string[],
  done?: 'saved' | 'created' | 'recomputed' | 'opened',
  status: 200 | 422 = 200,
) {
  const v = (k: string, d = '') => values[k] ?? d;
  const years = Array.from({ length: round.periodEnd - round.periodStart + 1 }, (_, i) => round.periodStart + i);
  return renderPage(
    c,
    {
      title: 'Thiết lập đợt',
      round,
      nav: 'settings',
      children: (
        <>
          <p class="lead">{`${round.name} (mã ${round.id}, giai đoạn ${round.periodStart}–${round.periodEnd})`}</p>
          {done === 'saved' && <Notice>Đã lưu thiết lập và tính lại các cảnh báo của đợt.</Notice>}
          {done === 'created' && (
            <Notice>Đã mở đợt. Hãy nhập các số tổng mà kế hoạch nêu để hệ thống đối chiếu.</Notice>
          )}
          {done === 'opened' && (
            <Notice>
              {`Đã mở đợt báo cáo tiến độ ${round.period ? periodPhrase(round.period) : ''}, hạn gửi ${round.dueDate ? formatDueDate(round.dueDate) : 'chưa đặt'}; các cơ quan dùng «Chèn bảng» để lấy bảng đã điền sẵn.`}
            </Notice>
          )}
          {done === 'recomputed' && (
            <Notice>
              Đã tính lại toàn bộ cảnh báo của đợt từ số liệu đã lưu. Cảnh báo nào vẫn đúng như trước thì giữ nguyên kết
              quả xử lý.
            </Notice>
          )}
          <ErrorBox messages={errors} />
          <form method="post" action={url.settings(round.id)}>
            <div class="field">
              <label for="name">Tên đợt</label>
              <input type="text" id="name" name="name" value={v('name')} required size={80} />
            </div>
            <div class="field">
              <label for="dueDate">Hạn gửi</label>
              <span class="hint" id="due-hint">
                Hết ngày này (giờ Việt Nam), cơ quan chưa gửi bị đánh dấu quá hạn.
              </span>
              <input type="date" id="dueDate" name="dueDate" value={v('dueDate')} aria-describedby="due-hint" />
            </div>
            <fieldset>
              <legend>Trạng thái</legend>
              <label class="choice">
                <input type="radio" name="status" value="open" checked={v('status') !== 'closed'} /> Đang nhận số liệu
              </label>
              <label class="choice">
                <input type="radio" name="status" value="closed" checked={v('status') === 'closed'} /> Khóa sổ (không
                nhận thêm số liệu)
              </label>
            </fieldset>
            <div class="field">
              <label class="choice">
                <input
                  type="checkbox"
                  name="requireSubmission"
                  value="1"
                  checked={v('requireSubmission') === '1'}
                  aria-describedby="submission-hint"
                />{' '}
                Yêu cầu cơ quan gửi chính thức
              </label>
              <span class="hint" id="submission-hint">
                Có đánh dấu: cơ quan được tính đúng hạn khi đã bấm «Gửi chính thức» trước hạn. Không đánh dấu: khi đã
                đồng bộ bảng trước hạn.
              </span>
            </div>
            <div class="field">
              <label for="expected">Cơ quan phải gửi</label>
              <span class="hint" id="expected-hint">
                Mỗi dòng một cơ quan: tên đầy đủ, tên viết tắt (Sở KH&amp;CN) hoặc mã.
              </span>
              <textarea id="expected" name="expected" rows={10} aria-describedby="expected-hint">
                {v('expected')}
              </textarea>
            </div>
            <fieldset>
              <legend>Số tổng nêu trong kế hoạch (triệu đồng)</legend>
              <p class="hint">Viết số theo kiểu 9.615.243; để trống nếu kế hoạch không nêu.</p>
              <div class="field">
                <label for="grand">{`Tổng nhu cầu vốn giai đoạn ${round.periodStart}–${round.periodEnd}`}</label>
                <input type="text" inputmode="decimal" class="amount" id="grand" name="grand" value={v('grand')} />
              </div>
              {years.map((y) => (
                <div class="field">
                  <label for={`year-${y}`}>{`Năm ${y}`}</label>
                  <input
                    type="text"
                    inputmode="decimal"
                    class="amount"
                    id={`year-${y}`}
                    name={`year-${y}`}
                    value={v(`year-${y}`)}
                  />
                </div>
              ))}
              {FUNDING_SOURCES.map((s) => (
                <div class="field">
                  <label for={`source-${s}`}>{SOURCE_FIELD_LABELS[s]}</label>
                  <input
                    type="text"
                    inputmode="decimal"
                    class="amount"
                    id={`source-${s}`}
                    name={`source-${s}`}
                    value={v(`source-${s}`)}
                  />
                </div>
              ))}
            </fieldset>
            <CsrfField csrf={c.get('csrf')} />
            <button type="submit" class="primary">
              Lưu thiết lập
            </button>
          </form>
          <h2 id="outline-links">Khung mục của các phụ lục</h2>
          <ul class="plain">
            {OUTLINE_TABLES.map((t) => (
              <li>
                <a href={outlineUrl(round.id, t)}>{`${TABLE_LABELS[t]} (${(round.outline[t] ?? []).length} mục)`}</a>
              </li>
            ))}
          </ul>
          <h2 id="recompute">Tính lại cảnh báo</h2>
          <form method="post" action={`${url.settings(round.id)}/recompute`} aria-labelledby="recompute">
            <p class="hint">
              Tính lại mọi cảnh báo của đợt từ số liệu các cơ quan đã gửi, theo danh mục cơ quan hiện hành. Cần khi danh
              mục vừa thay đổi mà hệ thống báo chưa tính lại được cảnh báo; cảnh báo không đổi vẫn giữ kết quả xử lý.
            </p>
            <CsrfField csrf={c.get('csrf')} />
            <button type="submit" class="secondary">
              Tính lại cảnh báo
            </button>
          </form>
          <NextPeriodForm c={c} round={round} />
        </>
      ),
    },
    status,
  );
}

/** «Mở kỳ báo cáo tiếp theo»: the period after this progress round, or this plan's next (or current) period. */
function NextPeriodForm(props: { c: ConsoleContext; round: Round }) {
  const { round } = props;
  const what =
    round.kind === 'progress' && round.period
      ? `Mở đợt báo cáo tiến độ ${periodPhrase(nextPeriod(round.period))} của cùng kế hoạch`
      : 'Mở đợt báo cáo tiến độ kỳ tiếp theo của kế hoạch này (tháng hiện tại nếu chưa có kỳ nào)';
  return (
    <>
      <h2 id="next-period">Kỳ báo cáo tiếp theo</h2>
      <form method="post" action={`${url.settings(round.id)}/next`} aria-labelledby="next-period">
        <p class="hint">
          {`${what}: sao chép danh sách nhiệm vụ, cơ quan phải gửi và bố cục; hạn gửi tính theo kỳ (tháng: trước ngày 20; quý: trước ngày 15 của tháng cuối quý), sửa được sau khi mở.`}
        </p>
        <CsrfField csrf={props.c.get('csrf')} />
        <button type="submit" class="secondary">
          Mở kỳ báo cáo tiếp theo
        </button>
      </form>
    </>
  );
}
