/**
 * The agency registry (administrators): find an agency, change its name, kind, aliases and
 * former names, or add one. A change is always previewed first — which stored cells the
 * registry would read differently — and only the previewed values can be saved (the save form
 * carries a digest of them). Saving goes through the same `saveAgency` as the API.
 */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { AuditLogRecord } from '../../db/schema/index.js';
import { AGENCY_KINDS, type Agency, type AgencyKind, unmarkedKey } from '../../domain/index.js';
import { ApiError } from '../errors.js';
import { openNameRequests } from '../registry/name-requests.js';
import { FLAGS_NOT_RECOMPUTED, nameConflicts, saveAgency } from '../registry/save-agency.js';
import { CsrfField, ErrorBox, Notice } from './components.js';
import { AGENCY_KIND_LABELS, AUDIT_ACTION_LABELS, formatDateTime, TABLE_LABELS } from './labels.js';
import { renderPage, url } from './layout.js';
import { type CellEffect, previewAgencyChange } from './registry-preview.js';
import { NameRequests, settledNotice } from './registry-requests.js';
import { type ConsoleContext, type ConsoleEnv, requireConsoleRole } from './session.js';
import { type Form, text } from './settings-form.js';

const admin = requireConsoleRole('admin');
const NEW = 'new';

export function registerRegistry(app: Hono<ConsoleEnv>) {
  app.get('/registry', admin, async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    const key = unmarkedKey(q);
    const all = await c.get('deps').registry.all();
    const found = q
      ? all.filter((a) => [a.name, a.id, ...a.aliases, ...a.formerly].some((n) => unmarkedKey(n).includes(key)))
      : all;
    found.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    const requests = await openNameRequests(c.get('deps').db);
    const matcher = await c.get('deps').registry.matcher();
    const settled = c.req.query('settled');
    const settledAgency = c.req.query('agency') ? all.find((a) => a.id === c.req.query('agency')) : undefined;
    return renderPage(c, {
      title: 'Danh mục cơ quan',
      nav: 'registry',
      children: (
        <>
          {settled && <Notice>{settledNotice(settledAgency, c.req.query('flags') === '0')}</Notice>}
          <NameRequests requests={requests} matcher={matcher} agencies={all} csrf={c.get('csrf')} />
          <form method="get" action={url.registry()} class="filters" role="search">
            <label>
              Tìm cơ quan (tên, tên viết tắt, tên cũ hoặc mã)
              <input type="search" name="q" value={q} size={40} />
            </label>
            <button type="submit" class="primary">
              Tìm
            </button>
            <a href={url.registry(NEW)}>Thêm cơ quan mới</a>
          </form>
          <p>{q ? `Tìm thấy ${found.length} cơ quan khớp «${q}».` : `Danh mục có ${all.length} cơ quan.`}</p>
          <table>
            <caption class="sr-only">Các cơ quan trong danh mục</caption>
            <thead>
              <tr>
                <th scope="col">Tên</th>
                <th scope="col">Loại</th>
                <th scope="col">Tên khác (viết tắt, tên cũ)</th>
                <th scope="col">Mã</th>
              </tr>
            </thead>
            <tbody>
              {found.slice(0, 300).map((a) => (
                <tr>
                  <th scope="row">
                    <a href={url.registry(a.id)}>{a.name}</a>
                  </th>
                  <td>{AGENCY_KIND_LABELS[a.kind]}</td>
                  <td>{[...a.aliases, ...a.formerly].join('; ') || '—'}</td>
                  <td>{a.id}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ),
    });
  });

  app.get('/registry/:id', admin, async (c) => {
    const id = c.req.param('id');
    if (id === NEW)
      return editPage(c, { id: '', name: '', kind: 'department', aliases: [], formerly: [], contact: '' }, true);
    const agency = await c.get('deps').registry.get(id);
    if (!agency) throw new ApiError('not_found', `Không có cơ quan mang mã «${id}» trong danh mục.`);
    const saved = c.req.query('saved');
    const history = await c
      .get('deps')
      .db.selectFrom('audit_log')
      .selectAll()
      .where('round_id', 'is', null)
      .where('table_name', '=', 'agencies')
      .where('uid', '=', id)
      .orderBy('id', 'desc')
      .limit(50)
      .execute();
    const stored = await c
      .get('deps')
      .db.selectFrom('agencies')
      .select('contact')
      .where('id', '=', id)
      .executeTakeFirst();
    return editPage(c, { ...agency, contact: stored?.contact ?? '' }, false, {
      ...(saved ? { saved: 'Đã lưu. Từ nay các ô ghi những tên này được nhận là cơ quan này.' } : {}),
      ...(saved === 'flags' ? { unfinished: FLAGS_NOT_RECOMPUTED } : {}),
      history,
    });
  });

  app.post('/registry/:id/preview', admin, async (c) => {
    const { agency, isNew, errors } = await agencyFromForm(c);
    if (errors.length) return editPage(c, agency, isNew, { errors, status: 422 });
    return previewPage(c, agency, isNew);
  });

  app.post('/registry/:id', admin, async (c) => {
    const { agency, isNew, errors, form } = await agencyFromForm(c);
    if (errors.length) return editPage(c, agency, isNew, { errors, status: 422 });
    // Only what was previewed is saved: a changed field means a new preview.
    if (text(form, 'previewed') !== digest(agency))
      return previewPage(c, agency, isNew, ['Nội dung đã thay đổi sau lần xem trước; hãy xem lại ảnh hưởng rồi lưu.']);
    const { db, registry } = c.get('deps');
    let flagsRecomputed: boolean;
    try {
      ({ flagsRecomputed } = await saveAgency(db, registry, c.get('principal'), agency.id, {
        name: agency.name,
        kind: agency.kind,
        aliases: agency.aliases,
        formerly: agency.formerly,
        contact: agency.contact || null,
      }));
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'conflict' || e.code === 'validation_failed'))
        return previewPage(c, agency, isNew, [e.message]);
      throw e;
    }
    return c.redirect(`${url.registry(agency.id)}?saved=${flagsRecomputed ? '1' : 'flags'}`, 303);
  });
}

const lines = (s: string) => [
  ...new Set(
    s
      .split(/\r?\n/)
      .map((l) => l.normalize('NFC').trim())
      .filter((l) => l !== ''),
  ),
];
/** An agency as its form edits it: the registry's fields and whom to remind of a missing sheet. */
type AgencyForm = Agency & { contact: string };

const digest = (a: AgencyForm) =>
  createHash('sha256')
    .update(JSON.stringify([a.id, a.name, a.kind, a.aliases, a.formerly, a.contact]))
    .digest('base64url')
    .slice(0, 24);

async function agencyFromForm(
  c: ConsoleContext,
): Promise<{ agency: AgencyForm; isNew: boolean; errors: string[]; form: Form }> {
  const form = (await c.req.parseBody()) as Form;
  const isNew = c.req.param('id') === NEW;
  const id = isNew ? text(form, 'id') : c.req.param('id')!;
  const kind = AGENCY_KINDS.find((k) => k === text(form, 'kind'));
  const agency: AgencyForm = {
    id,
    name: text(form, 'name'),
    kind: kind ?? 'department',
    aliases: lines(text(form, 'aliases')),
    formerly: lines(text(form, 'formerly')),
    contact: text(form, 'contact'),
  };
  const errors: string[] = [];
  if (agency.contact.length > 1000) errors.push('Thông tin liên hệ dài quá 1.000 ký tự.');
  if (!/^[a-z0-9-]+$/.test(id) || id === NEW)
    errors.push('Mã cơ quan chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ «so-y-te».');
  if (agency.name === '') errors.push('Cần có tên cơ quan.');
  if (!kind) errors.push('Hãy chọn loại cơ quan.');
  if (isNew && !errors.length && (await c.get('deps').registry.get(id)))
    errors.push(`Đã có cơ quan mang mã «${id}»; hãy chọn mã khác hoặc sửa cơ quan đó.`);
  return { agency, isNew, errors, form };
}

function AgencyFields(props: { agency: AgencyForm; isNew: boolean }) {
  const { agency, isNew } = props;
  return (
    <>
      {isNew && (
        <div class="field">
          <label for="id">Mã cơ quan</label>
          <span class="hint" id="id-hint">
            Chữ thường không dấu, số, dấu gạch ngang; không đổi được sau khi lưu.
          </span>
          <input type="text" id="id" name="id" value={agency.id} required aria-describedby="id-hint" />
        </div>
      )}
      <div class="field">
        <label for="name">Tên chính thức</label>
        <input type="text" id="name" name="name" value={agency.name} required size={70} />
      </div>
      <div class="field">
        <label for="kind">Loại cơ quan</label>
        <select id="kind" name="kind">
          {AGENCY_KINDS.map((k) => (
            <option value={k} selected={agency.kind === k}>
              {AGENCY_KIND_LABELS[k as AgencyKind]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="aliases">Tên khác, tên viết tắt</label>
        <span class="hint" id="aliases-hint">
          Mỗi dòng một tên, như cán bộ hay viết trong Excel (ví dụ: Sở KH&amp;CN).
        </span>
        <textarea id="aliases" name="aliases" rows={5} aria-describedby="aliases-hint">
          {agency.aliases.join('\n')}
        </textarea>
      </div>
      <div class="field">
        <label for="formerly">Tên cũ (trước sáp nhập, đổi tên)</label>
        <textarea id="formerly" name="formerly" rows={3}>
          {agency.formerly.join('\n')}
        </textarea>
      </div>
      <div class="field">
        <label for="contact">Người liên hệ</label>
        <span class="hint" id="contact-hint">
          Họ tên, điện thoại, thư điện tử của người được nhắc khi cơ quan chưa gửi bảng.
        </span>
        <input
          type="text"
          id="contact"
          name="contact"
          value={agency.contact}
          size={80}
          aria-describedby="contact-hint"
        />
      </div>
    </>
  );
}

interface EditState {
  saved?: string;
  /** Saved, but something after the save could not be done (FLAGS_NOT_RECOMPUTED). */
  unfinished?: string;
  errors?: string[];
  status?: 200 | 422;
  /** The agency's changes in the registry, newest first. */
  history?: AuditLogRecord[];
}

function editPage(c: ConsoleContext, agency: AgencyForm, isNew: boolean, state: EditState = {}) {
  const { saved, unfinished, errors = [], status = 200, history = [] } = state;
  return renderPage(
    c,
    {
      title: isNew ? 'Thêm cơ quan' : `Sửa cơ quan: ${agency.name}`,
      nav: 'registry',
      children: (
        <>
          <p>
            <a href={url.registry()}>← Về danh mục</a>
          </p>
          {saved && <Notice>{saved}</Notice>}
          {unfinished && <ErrorBox title="Cảnh báo chưa được tính lại" messages={[unfinished]} />}
          <ErrorBox messages={errors} />
          <form method="post" action={`${url.registry(isNew ? NEW : agency.id)}/preview`}>
            <AgencyFields agency={agency} isNew={isNew} />
            <CsrfField csrf={c.get('csrf')} />
            <p class="hint">Trước khi lưu, hệ thống cho xem các ô số liệu đã gửi sẽ được nhận diện khác đi.</p>
            <button type="submit" class="primary">
              Xem trước ảnh hưởng
            </button>
          </form>
          {!isNew && <AgencyHistory history={history} />}
        </>
      ),
    },
    status,
  );
}

/** Who changed the agency in the registry, when, and what. */
function AgencyHistory(props: { history: AuditLogRecord[] }) {
  return (
    <>
      <h2 id="history">Lịch sử thay đổi trong danh mục</h2>
      {props.history.length === 0 ? (
        <p>Chưa có thay đổi nào được ghi lại (cơ quan có từ danh mục ban đầu).</p>
      ) : (
        <table aria-labelledby="history">
          <thead>
            <tr>
              <th scope="col">Thời gian</th>
              <th scope="col">Người thực hiện</th>
              <th scope="col">Thao tác</th>
              <th scope="col">Nội dung thay đổi</th>
            </tr>
          </thead>
          <tbody>
            {props.history.map((e) => (
              <tr>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>{AUDIT_ACTION_LABELS[e.action] ?? e.action}</td>
                <td>{describeAgencyChange(e.before as Partial<Agency> | null, e.after as Partial<Agency> | null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** "Tên: A → B; Tên gọi khác: thêm «X», bỏ «Y»". */
function describeAgencyChange(before: Partial<Agency> | null, after: Partial<Agency> | null): string {
  if (!after) return '';
  if (!before)
    return `Tên: ${after.name ?? ''}; loại: ${after.kind ? AGENCY_KIND_LABELS[after.kind] : ''}${after.aliases?.length ? `; tên gọi khác: ${after.aliases.map((a) => `«${a}»`).join(', ')}` : ''}`;
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`Tên: ${before.name ?? ''} → ${after.name ?? ''}`);
  if (before.kind !== after.kind)
    parts.push(
      `Loại: ${before.kind ? AGENCY_KIND_LABELS[before.kind] : ''} → ${after.kind ? AGENCY_KIND_LABELS[after.kind] : ''}`,
    );
  for (const [key, label] of [
    ['aliases', 'Tên gọi khác'],
    ['formerly', 'Tên cũ'],
  ] as const) {
    const was = new Set(before[key] ?? []);
    const now = new Set(after[key] ?? []);
    const added = [...now].filter((n) => !was.has(n));
    const dropped = [...was].filter((n) => !now.has(n));
    const said = [
      ...(added.length ? [`thêm ${added.map((a) => `«${a}»`).join(', ')}`] : []),
      ...(dropped.length ? [`bỏ ${dropped.map((a) => `«${a}»`).join(', ')}`] : []),
    ];
    if (said.length) parts.push(`${label}: ${said.join('; ')}`);
  }
  return parts.length ? parts.join('; ') : 'Lưu lại, không đổi nội dung';
}

async function previewPage(c: ConsoleContext, agency: AgencyForm, isNew: boolean, extraErrors: string[] = []) {
  const { db, registry } = c.get('deps');
  const conflicts = nameConflicts(await registry.matcher(), agency.id, agency).map(
    (x) => `«${x.name}» đã là tên của «${x.owner}» trong danh mục; hãy bỏ tên này.`,
  );
  const { effects, more } = await previewAgencyChange(db, registry, agency);
  const errors = [...extraErrors, ...conflicts];
  return renderPage(
    c,
    {
      title: `Xem trước: ${agency.name}`,
      nav: 'registry',
      children: (
        <>
          <p>
            <a href={url.registry()}>← Về danh mục</a>
          </p>
          <ErrorBox title={conflicts.length ? 'Chưa lưu được' : 'Cần xem lại'} messages={errors} />
          <h2 id="effects">Ảnh hưởng đến số liệu đã gửi</h2>
          <EffectTable effects={effects} more={more} />
          <h2>Nội dung sẽ lưu</h2>
          <form method="post" action={url.registry(isNew ? NEW : agency.id)}>
            <AgencyFields agency={agency} isNew={isNew} />
            <CsrfField csrf={c.get('csrf')} />
            <input type="hidden" name="previewed" value={digest(agency)} />
            <div class="actions">
              {conflicts.length === 0 && (
                <button type="submit" class="primary">
                  Lưu thay đổi
                </button>
              )}
              <button type="submit" class="secondary" formaction={`${url.registry(isNew ? NEW : agency.id)}/preview`}>
                Xem lại ảnh hưởng sau khi sửa
              </button>
            </div>
          </form>
        </>
      ),
    },
    conflicts.length ? 409 : 200,
  );
}

function EffectTable(props: { effects: CellEffect[]; more: number }) {
  if (props.effects.length === 0) return <p id="no-effect">Không ô nào trong số liệu đã gửi được nhận diện khác đi.</p>;
  const rows = props.effects.reduce((s, e) => s + e.rows, 0);
  return (
    <>
      <p>{`${props.effects.length + props.more} nội dung ô, trên ${rows.toLocaleString('vi-VN')} dòng${props.more ? ' (hiện 200 nội dung nhiều dòng nhất)' : ''}, sẽ được nhận diện khác đi:`}</p>
      <table id="effect-table">
        <caption class="sr-only">Các ô sẽ được nhận diện khác đi khi lưu</caption>
        <thead>
          <tr>
            <th scope="col">Nội dung ô</th>
            <th scope="col">Bảng, cột</th>
            <th scope="col" class="num">
              Số dòng
            </th>
            <th scope="col">Hiện nay nhận là</th>
            <th scope="col">Sau khi lưu nhận là</th>
          </tr>
        </thead>
        <tbody>
          {props.effects.map((e) => (
            <tr>
              <th scope="row">{`«${e.text}»`}</th>
              <td>
                {`${TABLE_LABELS[e.table].split(' — ')[0]}, cột «${e.column}»`}
                <span class="hint">{`ví dụ ${e.example}; đợt ${e.rounds.join(', ')}`}</span>
              </td>
              <td class="num">{e.rows}</td>
              <td>{e.before.join('; ')}</td>
              <td class="differs">{e.after.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
