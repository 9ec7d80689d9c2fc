/**
 * The outline of a round's table (coordinators): its sections and sub-sections in official
 * order, to add, rename, renumber, reorder and remove, saved through the same `updateRound` as
 * `PATCH /api/v1/rounds/{round}`. Order is a number per line (no script to drag rows); a section
 * that agencies' rows still sit in cannot be taken away.
 */
import type { Hono } from 'hono';
import { type OutlineEntry, outlineEntrySchema, type TableName } from '../../domain/index.js';
import { ApiError } from '../errors.js';
import { refreshFlags } from '../flags/refresh.js';
import { updateRound } from '../rounds/manage.js';
import { getRound, type Round } from '../rounds/round.js';
import { sectionRowCounts } from '../rounds/section-usage.js';
import { CsrfField, ErrorBox, Notice } from './components.js';
import { TABLE_LABELS } from './labels.js';
import { renderPage, url } from './layout.js';
import { type ConsoleContext, type ConsoleEnv, requireConsoleRole } from './session.js';
import { type Form, text } from './settings-form.js';

/** The appendices whose rows sit under numbered sections. */
export const OUTLINE_TABLES = ['targets', 'tasks', 'budget'] as const satisfies readonly TableName[];
type OutlineTable = (typeof OUTLINE_TABLES)[number];
/** Empty lines offered under the outline for new sections. */
const BLANK_LINES = 3;
const MAX_LINES = 200;

export const outlineUrl = (round: string, table: string) => `${url.settings(round)}/outline/${table}`;

interface Line {
  order: string;
  path: string;
  title: string;
  remove: boolean;
}

export function registerOutline(app: Hono<ConsoleEnv>) {
  const coordinator = requireConsoleRole('coordinator');
  app.get('/settings/:round/outline/:table', coordinator, async (c) => {
    const table = outlineTable(c.req.param('table'));
    const round = await getRound(c.get('deps').db, c.req.param('round'));
    const lines = (round.outline[table] ?? []).map((e, i) => ({
      order: String(i + 1),
      path: e.path,
      title: e.title,
      remove: false,
    }));
    return show(c, round, table, lines, [], c.req.query('saved') === '1');
  });

  app.post('/settings/:round/outline/:table', coordinator, async (c) => {
    const table = outlineTable(c.req.param('table'));
    const { db, registry, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    const form = (await c.req.parseBody()) as Form;
    const count = Math.min(MAX_LINES, Math.max(0, Number(text(form, 'count')) || 0));
    const lines: Line[] = Array.from({ length: count }, (_, i) => ({
      order: text(form, `order-${i}`),
      path: text(form, `path-${i}`).toLocaleUpperCase('vi').replace(/\s+/g, ''),
      title: text(form, `title-${i}`).replace(/\s+/g, ' '),
      remove: text(form, `remove-${i}`) === '1',
    }));
    const errors: string[] = [];
    const entries = readOutline(lines, errors);
    const used = await sectionRowCounts(db, round.id, table);
    const kept = new Set(entries.map((e) => e.path));
    for (const before of round.outline[table] ?? []) {
      const n = used.get(before.path) ?? 0;
      if (!kept.has(before.path) && n > 0)
        errors.push(
          `Mục ${before.path} đang có ${n.toLocaleString('vi-VN')} dòng của các cơ quan: giữ mục này, hoặc đề nghị các cơ quan chuyển các dòng đó sang mục khác trước.`,
        );
    }
    if (errors.length) return show(c, round, table, lines, errors, false, 422);
    const updated = await updateRound({ db, registry, principal: c.get('principal') }, round.id, {
      outline: { ...round.outline, [table]: entries },
    });
    const matcher = await registry.matcher();
    await db.transaction().execute((trx) => refreshFlags(trx, { round: updated, matcher, now: config.now() }));
    return c.redirect(`${outlineUrl(round.id, table)}?saved=1`, 303);
  });
}

function outlineTable(name: string | undefined): OutlineTable {
  const table = OUTLINE_TABLES.find((t) => t === name);
  if (!table) throw new ApiError('not_found', 'Bảng này không có khung mục.');
  return table;
}

/** The lines kept, in the order their numbers give (ties keep the order on the page), checked. */
function readOutline(lines: readonly Line[], errors: string[]): OutlineEntry[] {
  const kept = lines
    .map((line, i) => ({ line, i, order: line.order === '' ? Number.NaN : Number(line.order.replace(',', '.')) }))
    .filter(({ line }) => !line.remove && (line.path !== '' || line.title !== ''));
  for (const { line, i } of kept)
    if (line.order !== '' && !Number.isFinite(Number(line.order.replace(',', '.'))))
      errors.push(`Dòng ${i + 1}: thứ tự «${line.order}» phải là một số.`);
  kept.sort(
    (a, b) =>
      (Number.isFinite(a.order) ? a.order : a.i + 1) - (Number.isFinite(b.order) ? b.order : b.i + 1) || a.i - b.i,
  );
  const entries: OutlineEntry[] = [];
  const seen = new Set<string>();
  for (const { line, i } of kept) {
    const parsed = outlineEntrySchema.safeParse({ path: line.path, title: line.title });
    if (!parsed.success) {
      errors.push(
        line.title === ''
          ? `Dòng ${i + 1} (mục ${line.path || 'chưa ghi'}): cần có tên mục.`
          : `Dòng ${i + 1}: mục «${line.path}» phải có dạng I, II… hoặc I/A, II/B….`,
      );
      continue;
    }
    const { path } = parsed.data;
    if (seen.has(path)) errors.push(`Mục ${path} có hai lần trong khung.`);
    const parent = path.split('/')[0]!;
    if (parent !== path && !seen.has(parent))
      errors.push(`Mục ${path} thuộc mục ${parent}: cần có mục ${parent} đứng trước nó.`);
    seen.add(path);
    entries.push(parsed.data);
  }
  return entries;
}

function show(
  c: ConsoleContext,
  round: Round,
  table: OutlineTable,
  lines: readonly Line[],
  errors: string[],
  saved: boolean,
  status: 200 | 422 = 200,
) {
  const all = [
    ...lines,
    ...Array.from({ length: BLANK_LINES }, () => ({ order: '', path: '', title: '', remove: false })),
  ];
  return renderPage(
    c,
    {
      title: `Khung mục: ${TABLE_LABELS[table]}`,
      round,
      nav: 'settings',
      children: (
        <>
          <p>
            <a href={url.settings(round.id)}>← Về thiết lập đợt</a>
          </p>
          <nav aria-label="Khung mục của các bảng">
            <ul class="cards">
              {OUTLINE_TABLES.map((t) =>
                t === table ? (
                  <li>
                    <strong aria-current="page">{TABLE_LABELS[t]}</strong>
                  </li>
                ) : (
                  <li>
                    <a href={outlineUrl(round.id, t)}>{TABLE_LABELS[t]}</a>
                  </li>
                ),
              )}
            </ul>
          </nav>
          {saved && <Notice>Đã lưu khung mục và tính lại các cảnh báo của đợt.</Notice>}
          <ErrorBox messages={errors} />
          <p class="hint">
            Mỗi dòng một mục: số La Mã (I, II…) cho mục, thêm chữ cái (II/A, II/B…) cho tiểu mục. Đổi số ở cột «Thứ tự»
            để sắp xếp lại; điền các dòng trống cuối bảng để thêm mục; bấm lưu để thêm nhiều dòng trống hơn.
          </p>
          <form method="post" action={outlineUrl(round.id, table)} id="outline">
            <table>
              <caption class="sr-only">{`Các mục của ${TABLE_LABELS[table]}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Thứ tự</th>
                  <th scope="col">Mục</th>
                  <th scope="col">Tên mục</th>
                  <th scope="col">Bỏ mục</th>
                </tr>
              </thead>
              <tbody>
                {all.map((line, i) => (
                  <tr>
                    <td>
                      <input
                        type="text"
                        inputmode="decimal"
                        name={`order-${i}`}
                        value={line.order}
                        size={4}
                        aria-label={`Thứ tự của dòng ${i + 1}`}
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        name={`path-${i}`}
                        value={line.path}
                        size={8}
                        aria-label={`Mục của dòng ${i + 1}`}
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        name={`title-${i}`}
                        value={line.title}
                        size={80}
                        aria-label={`Tên mục của dòng ${i + 1}`}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        name={`remove-${i}`}
                        value="1"
                        checked={line.remove}
                        aria-label={`Bỏ mục của dòng ${i + 1}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <input type="hidden" name="count" value={String(all.length)} />
            <CsrfField csrf={c.get('csrf')} />
            <button type="submit" class="primary">
              Lưu khung mục
            </button>
          </form>
        </>
      ),
    },
    status,
  );
}
