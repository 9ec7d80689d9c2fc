/**
 * The merged appendix in the browser (validators, coordinators): every agency's rows in the
 * official section order, totals included, flagged rows marked, a thousand rows a page with an
 * index of the sections; and the same table to download as .xlsx or .csv.
 */
import type { Hono } from 'hono';
import {
  GRAND_TOTAL_LABEL,
  headingSpan,
  type MergedRow,
  type MergedTable,
  printedTitle,
  TABLE_NAMES,
  type TableName,
} from '../../domain/index.js';
import { ApiError } from '../errors.js';
import { loadMerged, type RowFlag } from '../merge/load-merged.js';
import { mergedFile } from '../merge/merged-file.js';
import { getRound, type Round } from '../rounds/round.js';
import { codeLabel, Pager } from './components.js';
import { cellText } from './flag-rows.js';
import { TABLE_LABELS } from './labels.js';
import { renderPage, url } from './layout.js';
import { type ConsoleEnv, requireConsoleRole } from './session.js';

const ROWS_PER_PAGE = 1000;
const FILE = new RegExp(`^(${TABLE_NAMES.join('|')})(\\.csv|\\.xlsx)?$`);

export function registerMerged(app: Hono<ConsoleEnv>) {
  const reviewers = requireConsoleRole('validator', 'coordinator');
  app.get('/rounds/:round/merged', reviewers, (c) => c.redirect(url.merged(c.req.param('round')), 303));
  app.get('/rounds/:round/merged/:file', reviewers, async (c) => {
    const match = FILE.exec(c.req.param('file'));
    if (!match) throw new ApiError('not_found', 'Không có bảng này.');
    const table = match[1] as TableName;
    const { db, registry } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    if (match[2] === '.csv' || match[2] === '.xlsx') {
      const file = await mergedFile(db, registry, round, table, match[2], c.req.query('sep') === ';' ? ';' : ',');
      return c.body(file.body as ReadableStream, 200, Object.fromEntries(file.headers));
    }
    const { merged, flagsByUid } = await loadMerged(db, round, table);
    const names = new Map((await registry.all()).map((a) => [a.id, a.name]));
    const query = (c.req.query('q') ?? '').normalize('NFC').trim().slice(0, 200);
    const shown = query ? matchingRows(merged, query, names) : merged.rows;
    const pages = Math.max(1, Math.ceil(shown.length / ROWS_PER_PAGE));
    const page = Math.min(pages, Math.max(1, Number(c.req.query('page')) || 1));
    return renderPage(c, {
      title: 'Bảng tổng hợp toàn tỉnh',
      round,
      nav: 'merged',
      children: (
        <Merged
          round={round}
          table={table}
          merged={merged}
          shown={shown}
          query={query}
          flagsByUid={flagsByUid}
          names={names}
          page={page}
          pages={pages}
        />
      ),
    });
  });
}

/**
 * The rows with a cell (or the sending agency's name) containing `query`, whatever its case,
 * each under the headings of its section so a found row still says where it belongs.
 */
function matchingRows(merged: MergedTable, query: string, names: ReadonlyMap<string, string>): MergedRow[] {
  const wanted = query.toLocaleLowerCase('vi');
  const out: MergedRow[] = [];
  let headings: MergedRow[] = [];
  for (const row of merged.rows) {
    if (row.kind === 'section') headings = [row];
    else if (row.kind === 'subsection') headings = [...headings.filter((h) => h.kind === 'section'), row];
    if (row.kind !== 'item' && row.kind !== 'subitem') continue;
    const texts = [...Object.values(row.cells), row.agencyId ? names.get(row.agencyId) : ''];
    if (!texts.some((t) => t !== null && t !== undefined && String(t).toLocaleLowerCase('vi').includes(wanted)))
      continue;
    for (const h of headings) if (!out.includes(h)) out.push(h);
    out.push(row);
  }
  return out;
}

const anchor = (path: string) => `muc-${path.replace('/', '-') || 'chua-xep'}`;

function Merged(props: {
  round: Round;
  table: TableName;
  merged: MergedTable;
  shown: MergedRow[];
  query: string;
  flagsByUid: Map<string, RowFlag[]>;
  names: Map<string, string>;
  page: number;
  pages: number;
}) {
  const { round, table, merged, shown, query, flagsByUid, names, page, pages } = props;
  const start = (page - 1) * ROWS_PER_PAGE;
  const rows = shown.slice(start, start + ROWS_PER_PAGE);
  const items = merged.rows.filter((r) => r.kind === 'item' || r.kind === 'subitem').length;
  const found = shown.filter((r) => r.kind === 'item' || r.kind === 'subitem').length;
  const headings = shown
    .map((r, i) => ({ r, page: Math.floor(i / ROWS_PER_PAGE) + 1 }))
    .filter(({ r }) => r.kind === 'section' || r.kind === 'subsection');
  const pageHref = (p: number) => {
    const q = new URLSearchParams();
    if (query) q.set('q', query);
    if (p > 1) q.set('page', String(p));
    return `${url.merged(round.id, table)}${q.size ? `?${q}` : ''}`;
  };
  return (
    <>
      <nav aria-label="Các bảng">
        <ul class="cards">
          {TABLE_NAMES.map((t) => (
            <li>
              {t === table ? (
                <strong aria-current="page">{TABLE_LABELS[t]}</strong>
              ) : (
                <a href={url.merged(round.id, t)}>{TABLE_LABELS[t]}</a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <h2>{printedTitle(merged.title)}</h2>
      <div class="actions">
        <a class="button" href={`${url.merged(round.id, table)}.xlsx`} download>
          Tải về Excel (.xlsx)
        </a>
        <a class="button" href={`${url.merged(round.id, table)}.csv?sep=%3B`} download>
          Tải về CSV cho Excel tiếng Việt (phân cách bằng dấu chấm phẩy «;»)
        </a>
        <a class="button" href={`${url.merged(round.id, table)}.csv`} download>
          Tải về CSV (phân cách bằng dấu phẩy «,»)
        </a>
        <span class="muted">{`${items.toLocaleString('vi-VN')} dòng của các cơ quan${merged.unit ? `; đơn vị: ${merged.unit}` : ''}. Dòng tô vàng đang có cảnh báo chưa xử lý xong.`}</span>
      </div>
      {items > 0 && (
        <form class="filters" method="get" action={url.merged(round.id, table)} aria-label="Tìm trong bảng tổng hợp">
          <div class="filter">
            <label for="m-q">Tìm trong bảng</label>
            <input id="m-q" name="q" type="search" maxlength={200} value={query} />
          </div>
          <button type="submit" class="primary">
            Tìm
          </button>
          {query && <a href={url.merged(round.id, table)}>Bỏ tìm</a>}
        </form>
      )}
      {query && (
        <p id="merged-found">
          {found === 0 ? `Không có dòng nào có «${query}».` : `${found.toLocaleString('vi-VN')} dòng có «${query}».`}
        </p>
      )}
      {headings.length > 0 && (
        <details>
          <summary>Mục lục của bảng</summary>
          <ul class="plain">
            {headings.map(({ r, page: p }) => (
              <li>
                <a
                  href={`${pageHref(p)}#${anchor(r.section)}`}
                >{`${r.section || 'Chưa xếp mục'} — ${String(r.cells[headerKey(merged)] ?? '')}`}</a>
              </li>
            ))}
          </ul>
        </details>
      )}
      <Pager page={page} pages={pages} href={pageHref} label="Trang của bảng tổng hợp" />
      {items === 0 ? (
        <p>Chưa có cơ quan nào gửi bảng này.</p>
      ) : query && found === 0 ? null : (
        <table id="merged">
          <caption class="sr-only">{`${merged.title}, trang ${page}/${pages}`}</caption>
          {/* The official column widths (Excel characters), as proportions of the page. */}
          <colgroup>
            {merged.columns.map((col) => (
              <col style={`width:${col.width}ch`} />
            ))}
            <col style="width:20ch" />
            <col style="width:18ch" />
          </colgroup>
          <thead>
            <tr>
              {merged.columns.map((col) => (
                <th scope="col" class={col.type === 'amount' ? 'num' : ''}>
                  {col.header}
                </th>
              ))}
              <th scope="col">Cơ quan gửi</th>
              <th scope="col">Cảnh báo</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <MergedLine
                round={round}
                merged={merged}
                row={row}
                flags={row.uid ? flagsByUid.get(row.uid) : undefined}
                names={names}
              />
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} pages={pages} href={pageHref} label="Trang của bảng tổng hợp (cuối bảng)" />
    </>
  );
}

const headerKey = (merged: MergedTable) => merged.columns.find((c) => c.type === 'text')?.key ?? 'name';

function MergedLine(props: {
  round: Round;
  merged: MergedTable;
  row: MergedRow;
  flags: RowFlag[] | undefined;
  names: Map<string, string>;
}) {
  const { row, flags } = props;
  const heading = row.kind === 'section' || row.kind === 'subsection';
  const nameKey = headerKey(props.merged);
  // The sources print the grand total with no code and no name; the printed appendix labels it.
  const text = (key: string, type: string) =>
    row.kind === 'grand_total' && key === nameKey && !row.cells[key]
      ? GRAND_TOTAL_LABEL
      : cellText(row.cells[key], type);
  const columns = props.merged.columns;
  const nameIndex = Math.max(
    0,
    columns.findIndex((c) => c.key === nameKey),
  );
  const agency = row.agencyId ? (props.names.get(row.agencyId) ?? row.agencyId) : '';
  // A heading's text runs across the empty cells after it, as the official appendix prints it.
  let span = heading
    ? headingSpan(
        row.cells,
        columns.map((c) => c.key),
        nameIndex,
      )
    : 1;
  const reachesEnd = nameIndex + span === columns.length;
  if (heading && reachesEnd && agency === '') span++;
  return (
    <tr class={`${row.kind}${flags?.length ? ' flagged' : ''}`} id={heading ? anchor(row.section) : undefined}>
      {columns.map((col, i) =>
        heading && i > nameIndex && i < nameIndex + span ? null : i === 0 && heading ? (
          <th scope="row">{text(col.key, col.type)}</th>
        ) : heading && i === nameIndex && span > 1 ? (
          <td colspan={span}>{text(col.key, col.type)}</td>
        ) : (
          <td class={col.type === 'amount' ? 'num' : ''}>{text(col.key, col.type)}</td>
        ),
      )}
      {heading && reachesEnd && agency === '' ? null : <td>{agency}</td>}
      <td>
        {flags?.map((f, i) => (
          <>
            {i > 0 && ' '}
            <a
              href={url.flag(props.round.id, f.id)}
              title={f.message}
            >{`⚑ ${codeLabel(f.code)} (${f.status === 'returned' ? 'đã trả lại' : 'chưa xử lý'})`}</a>
          </>
        ))}
      </td>
    </tr>
  );
}
