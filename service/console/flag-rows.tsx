/**
 * A flag's rows side by side as each agency sent them, with the cells that disagree marked, and
 * each row's history from the audit trail.
 */
import type { AuditLogRecord } from '../../db/schema/index.js';
import { formatAmount, type Period, type TableName, tableDef } from '../../domain/index.js';
import type { Cells } from '../sync/stored-row.js';
import { type FlagRow, rowKey } from './flag-detail-data.js';
import { AUDIT_ACTION_LABELS, formatDateTime, TABLE_LABELS } from './labels.js';

/** Up to this many rows are laid out side by side; more are listed one per line. */
const SIDE_BY_SIDE = 4;

type Value = string | number | null | undefined;

export function cellText(value: Value, type?: string): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') return formatAmount(value);
  return type === 'amount' && /^\d+$/.test(value) ? formatAmount(Number(value)) : value;
}

const same = (a: Value, b: Value) =>
  (a ?? '') === (b ?? '') ||
  (typeof a === 'string' && typeof b === 'string' && a.normalize('NFC').trim() === b.normalize('NFC').trim());

/** Where a row is and whose it is: "Sở Y tế — mục II/A, TT 3". */
function rowTitle(row: FlagRow, names: Map<string, string>): string {
  const where = [row.ref.section && `mục ${row.ref.section}`, row.ref.code && `TT ${row.ref.code}`]
    .filter(Boolean)
    .join(', ');
  return `${names.get(row.ref.agencyId) ?? row.ref.agencyId}${where ? ` — ${where}` : ''}`;
}

export function FlagRows(props: { rows: FlagRow[]; names: Map<string, string>; period: Period }) {
  const tables = [...new Set(props.rows.map((r) => r.ref.table))];
  return (
    <>
      {tables.map((table) => {
        const rows = props.rows.filter((r) => r.ref.table === table);
        return rows.length <= SIDE_BY_SIDE ? (
          <SideBySide table={table} rows={rows} names={props.names} period={props.period} />
        ) : (
          <RowList table={table} rows={rows} names={props.names} period={props.period} />
        );
      })}
    </>
  );
}

function SideBySide(props: { table: TableName; rows: FlagRow[]; names: Map<string, string>; period: Period }) {
  const def = tableDef(props.table, props.period);
  const { rows } = props;
  return (
    <table class="side-by-side">
      <caption>
        {`${TABLE_LABELS[props.table]}: ${rows.length === 1 ? 'dòng liên quan' : `${rows.length} dòng đặt cạnh nhau`}, như cơ quan đã gửi`}
        {rows.length > 1 && <span class="hint">Ô tô màu cam và có chữ «khác» là nơi các dòng không giống nhau.</span>}
      </caption>
      <thead>
        <tr>
          <th scope="col">Cột</th>
          {rows.map((r) => (
            <th scope="col">
              {rowTitle(r, props.names)}
              {r.deleted && <span class="hint">(dòng đã bị xóa khỏi bảng của cơ quan)</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {def.columns.map((col) => {
          const values = rows.map((r) => (col.key === 'code' ? r.ref.code : r.cells?.[col.key]));
          const differs = rows.length > 1 && values.some((v) => !same(v, values[0]));
          return (
            <tr>
              <th scope="row">{col.header}</th>
              {values.map((v) => (
                <td class={`${col.type === 'amount' ? 'num' : ''}${differs ? ' differs' : ''}`}>
                  {cellText(v, col.type) || <span class="muted">(trống)</span>}
                  {differs && <span class="sr-only"> (khác)</span>}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RowList(props: { table: TableName; rows: FlagRow[]; names: Map<string, string>; period: Period }) {
  const def = tableDef(props.table, props.period);
  const columns = def.columns.filter((c) => c.key !== 'code');
  return (
    <table>
      <caption>{`${TABLE_LABELS[props.table]}: ${props.rows.length} dòng liên quan, như cơ quan đã gửi`}</caption>
      <thead>
        <tr>
          <th scope="col">Cơ quan, vị trí</th>
          {columns.map((c) => (
            <th scope="col" class={c.type === 'amount' ? 'num' : ''}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{rowTitle(r, props.names)}</th>
            {columns.map((c) => (
              <td class={c.type === 'amount' ? 'num' : ''}>{cellText(r.cells?.[c.key], c.type)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Năm 2026: 1.120 → 1.300; Cơ quan chủ trì: (trống) → Sở Y tế". */
export function describeChange(entry: AuditLogRecord, headers: Map<string, { header: string; type: string }>): string {
  const before = (entry.before ?? {}) as Cells;
  const after = (entry.after ?? {}) as Cells;
  if (entry.action === 'insert') return 'Gửi dòng lần đầu';
  if (entry.action === 'delete') return 'Xóa dòng khỏi bảng';
  // Restorations recorded before the row's earlier state was kept have nothing to compare with.
  if (entry.action === 'restore' && entry.before === null) return 'Khôi phục dòng';
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !same(before[k], after[k]));
  if (keys.length === 0) return entry.action === 'restore' ? 'Khôi phục dòng' : 'Không đổi nội dung';
  const changes = keys
    .map((k) => {
      const col = headers.get(k);
      const label = k === 'section' ? 'Mục' : (col?.header ?? k);
      const show = (v: Value) => cellText(v, col?.type) || '(trống)';
      return `${label}: ${show(before[k])} → ${show(after[k])}`;
    })
    .join('; ');
  return entry.action === 'restore' ? `Khôi phục dòng, so với lúc bị xóa: ${changes}` : changes;
}

export function RowHistory(props: {
  rows: FlagRow[];
  history: Map<string, AuditLogRecord[]>;
  names: Map<string, string>;
  period: Period;
}) {
  return (
    <>
      {props.rows.map((r) => {
        const entries = props.history.get(rowKey(r.ref)) ?? [];
        const def = tableDef(r.ref.table, props.period);
        const headers = new Map(def.columns.map((c) => [c.key, { header: c.header, type: c.type }]));
        return (
          <details open={props.rows.length <= 2}>
            <summary>{`Lịch sử dòng: ${rowTitle(r, props.names)} (${entries.length} lần thay đổi)`}</summary>
            {entries.length === 0 ? (
              <p class="muted">Chưa có ghi chép nào về dòng này.</p>
            ) : (
              <table>
                <caption class="sr-only">{`Lịch sử dòng ${rowTitle(r, props.names)}, mới nhất ở đầu`}</caption>
                <thead>
                  <tr>
                    <th scope="col">Thời gian</th>
                    <th scope="col">Người thực hiện</th>
                    <th scope="col">Thao tác</th>
                    <th scope="col">Nội dung thay đổi</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr>
                      <td>{formatDateTime(e.at)}</td>
                      <td>{e.actor}</td>
                      <td>{AUDIT_ACTION_LABELS[e.action] ?? e.action}</td>
                      <td>{describeChange(e, headers)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </details>
        );
      })}
    </>
  );
}
