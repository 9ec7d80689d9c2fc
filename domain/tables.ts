/**
 * The four appendix tables, described as data: official headers in order, a stable column key,
 * the column's type and whether an item row must fill it.
 */
import { TASK_PROGRESS_STATUSES } from './progress/status.js';
import { TABLE_NAMES, type TableName } from './values.js';

export const COLUMN_TYPES = ['code', 'text', 'agency', 'agencies', 'timeframe', 'amount', 'value', 'document'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnDef {
  readonly key: string;
  readonly header: string;
  readonly type: ColumnType;
  /** An item row must fill it (a parent item whose sub-items carry the detail may leave it empty). */
  readonly required: boolean;
  /** Width in Excel characters, for the add-in and the exports. */
  readonly width: number;
  /** A plan column copied into a progress table: pre-filled, protected, and refused when changed. */
  readonly locked?: boolean;
  /** The closed list a dropdown offers (the progress status). */
  readonly choices?: readonly string[];
  /** How the text is written: `date` is a Vietnamese date `dd/mm/yyyy`. */
  readonly format?: 'date';
}

export interface TableDef {
  readonly name: TableName;
  readonly title: string;
  readonly unit: string | null;
  readonly columns: readonly ColumnDef[];
  /** The column that names the row (task name, target content). */
  readonly nameKey: string;
  readonly leadKey: string | null;
  readonly partnersKey: string | null;
  readonly amountKeys: readonly string[];
  /** For budget: the total column and the year columns it must equal. */
  readonly totalKey: string | null;
  readonly yearKeys: readonly string[];
  /** The plan period shapes the table: its year columns, target year or time frames (not the priority list). */
  readonly periodBound: boolean;
}

export interface Period {
  readonly from: number;
  readonly to: number;
}

export const DEFAULT_PERIOD: Period = { from: 2026, to: 2030 };

/** "2026-2030", "2026 – 2030" → a period; throws on nonsense (a misuse, not a user finding). */
export function parsePeriod(text: string): Period {
  const m = /^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$/.exec(text);
  if (!m || +m[2]! < +m[1]! || +m[2]! - +m[1]! > 20)
    throw new RangeError(`Giai đoạn «${text}» không hợp lệ (ví dụ đúng: 2026-2030).`);
  return { from: +m[1]!, to: +m[2]! };
}

const col = (key: string, header: string, type: ColumnType, required: boolean, width: number): ColumnDef => ({
  key,
  header,
  type,
  required,
  width,
});

export const yearKey = (year: number) => `y${year}`;

function yearsOf(period: Period): number[] {
  return Array.from({ length: period.to - period.from + 1 }, (_, i) => period.from + i);
}

const cache = new Map<string, TableDef>();

/** The definition of a table for a plan period (the budget's year columns and the target year follow it). */
export function tableDef(name: TableName, period: Period = DEFAULT_PERIOD): TableDef {
  const cacheKey = `${name}:${period.from}-${period.to}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const def = build(name, period);
  cache.set(cacheKey, def);
  return def;
}

function build(name: TableName, period: Period): TableDef {
  const base = { leadKey: null, partnersKey: null, amountKeys: [], totalKey: null, yearKeys: [], periodBound: true };
  switch (name) {
    case 'targets':
      return {
        ...base,
        name,
        title: 'Phụ lục I — Mục tiêu cụ thể',
        unit: null,
        nameKey: 'content',
        leadKey: 'monitor',
        columns: [
          col('code', 'TT', 'code', false, 6),
          col('content', 'Nội dung', 'text', true, 60),
          col('unit', 'Đơn vị tính', 'text', true, 12),
          col('target', `Năm ${period.to}`, 'value', true, 12),
          col('monitor', 'Cơ quan, đơn vị chủ trì theo dõi, đánh giá', 'agencies', true, 30),
        ],
      };
    case 'tasks':
      return {
        ...base,
        name,
        title: 'Phụ lục II — Danh mục nhóm nhiệm vụ trọng tâm',
        unit: null,
        nameKey: 'name',
        leadKey: 'lead',
        partnersKey: 'partners',
        columns: [
          col('code', 'STT', 'code', false, 7),
          col('name', 'Nhiệm vụ', 'text', true, 30),
          col('content', 'Nội dung thực hiện', 'text', false, 60),
          col('lead', 'Cơ quan chủ trì', 'agencies', true, 25),
          col('partners', 'Cơ quan phối hợp', 'agencies', false, 30),
          col('timeframe', 'Thời gian thực hiện', 'timeframe', true, 14),
          col('output', 'Kết quả / Sản phẩm', 'text', false, 30),
        ],
      };
    case 'budget': {
      const years = yearsOf(period);
      return {
        ...base,
        name,
        title: 'Phụ lục III — Tổng hợp kinh phí thực hiện',
        unit: 'Triệu đồng',
        nameKey: 'name',
        leadKey: 'lead',
        partnersKey: 'partners',
        totalKey: 'total',
        yearKeys: years.map(yearKey),
        amountKeys: ['total', ...years.map(yearKey)],
        columns: [
          col('code', 'TT', 'code', false, 6),
          col('name', 'Tên nhiệm vụ/hoạt động/dự án', 'text', true, 45),
          col('lead', 'Cơ quan chủ trì thực hiện', 'agencies', true, 22),
          col('partners', 'Cơ quan phối hợp thực hiện', 'agencies', false, 24),
          col('total', `Nhu cầu vốn giai đoạn ${period.from} - ${period.to}`, 'amount', true, 14),
          ...years.map((y) => col(yearKey(y), `Năm ${y}`, 'amount', false, 12)),
        ],
      };
    }
    case 'priorities':
      return {
        ...base,
        name,
        title: 'Danh mục nhiệm vụ cần làm ngay',
        unit: null,
        periodBound: false,
        nameKey: 'name',
        leadKey: 'proposer',
        columns: [
          col('code', 'TT', 'code', false, 6),
          col('name', 'Nhiệm vụ', 'text', true, 60),
          col('proposer', 'Đơn vị đề xuất', 'agencies', true, 25),
          col('document', 'Văn bản đề xuất', 'document', false, 25),
          col('note', 'Ghi chú', 'text', false, 20),
        ],
      };
    case 'progress': {
      const tasks = tableDef('tasks', period);
      return {
        ...base,
        name,
        title: 'Báo cáo tiến độ thực hiện nhiệm vụ',
        unit: null,
        nameKey: tasks.nameKey,
        leadKey: tasks.leadKey,
        partnersKey: tasks.partnersKey,
        amountKeys: ['disbursed'],
        columns: [
          ...tasks.columns.map(lockedCopy),
          { ...col('status', 'Tình trạng', 'text', true, 18), choices: TASK_PROGRESS_STATUSES },
          { ...col('completedOn', 'Ngày hoàn thành', 'text', false, 14), format: 'date' },
          col('result', 'Kết quả thực hiện', 'text', false, 40),
          col('disbursed', 'Kinh phí đã giải ngân (triệu đồng)', 'amount', false, 14),
          col('difficulties', 'Khó khăn, vướng mắc', 'text', false, 30),
          col('proposals', 'Đề xuất, kiến nghị', 'text', false, 30),
        ],
      };
    }
    case 'target-progress': {
      const targets = tableDef('targets', period);
      return {
        ...base,
        name,
        title: 'Báo cáo kết quả thực hiện mục tiêu',
        unit: null,
        nameKey: targets.nameKey,
        leadKey: targets.leadKey,
        columns: [
          ...targets.columns.map(lockedCopy),
          col('reached', 'Giá trị đạt được', 'value', false, 14),
          col('note', 'Ghi chú', 'text', false, 30),
        ],
      };
    }
  }
}

/** A plan column as a progress table carries it: locked, and never asked of the agency. */
const lockedCopy = (column: ColumnDef): ColumnDef => ({ ...column, required: false, locked: true });

/** Keys of a progress table's plan columns (locked), in order. */
export function lockedKeys(def: TableDef): string[] {
  return def.columns.filter((c) => c.locked).map((c) => c.key);
}

/** Find a column by key or by its official header, insensitive to case, spacing and line breaks. */
export function findColumn(def: TableDef, label: string): ColumnDef | undefined {
  const norm = (s: string) =>
    s
      .normalize('NFC')
      .toLocaleLowerCase('vi')
      .replace(/\s+/g, ' ')
      .replace(/\s*-\s*/g, '-')
      .trim();
  const wanted = norm(label);
  return def.columns.find((c) => c.key === label.trim() || norm(c.header) === wanted);
}

/** Each table's official title (Phụ lục I, II, III of plan 003; the list of notice 002), as screens name it. */
export const TABLE_LABELS: Readonly<Record<TableName, string>> = Object.fromEntries(
  TABLE_NAMES.map((t) => [t, tableDef(t).title]),
) as Record<TableName, string>;
