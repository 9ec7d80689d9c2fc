/**
 * Time frames are written as phrases ("Quý I/2026", "Hằng năm", "trước ngày 20/5/2026").
 * They are read into a structure from which deadlines can be computed.
 */
import { foldKey } from '../text.js';

export const CADENCES = ['monthly', 'quarterly', 'half-yearly', 'yearly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** Dates are ISO `YYYY-MM-DD` strings so the structure survives JSON unchanged. */
export type Timeframe =
  | { kind: 'once'; start: string | null; end: string }
  | { kind: 'recurring'; cadences: Cadence[]; from: string | null; to: string | null }
  | { kind: 'continuous'; from: string | null; to: string | null };

export type TimeframeResult = { ok: true; value: Timeframe | null } | { ok: false };

const QUARTER: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const yearStart = (y: number) => iso(y, 1, 1);
const yearEnd = (y: number) => iso(y, 12, 31);

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m) && y >= 1900 && y <= 2200;
}

type Rule = (s: string) => Timeframe | null | undefined;

const YEAR = '((?:19|20|21)\\d{2})';
const DATE = `(\\d{1,2})[/.-](\\d{1,2})[/.-]${YEAR}`;

/** Read the cadence words of a phrase: "định kỳ 6 tháng, hằng năm" → half-yearly and yearly. */
function cadencesIn(s: string): Cadence[] {
  const out: Cadence[] = [];
  if (/(hằng|hàng|mỗi) tháng|định kỳ tháng|hằng tháng/.test(s)) out.push('monthly');
  if (/(hằng|hàng|mỗi) quý|định kỳ quý|theo quý/.test(s)) out.push('quarterly');
  if (/6 tháng|sáu tháng|nửa năm|bán niên/.test(s)) out.push('half-yearly');
  if (/(hằng|hàng|mỗi) năm|định kỳ năm|thường niên|theo năm/.test(s)) out.push('yearly');
  return out;
}

function yearSpan(s: string): { from: string; to: string } | null {
  const m =
    new RegExp(`${YEAR}\\s*[-–—]\\s*${YEAR}`).exec(s) ?? new RegExp(`${YEAR}\\s*đến\\s*(?:năm\\s*)?${YEAR}`).exec(s);
  if (m) return { from: yearStart(+m[1]!), to: yearEnd(+m[2]!) };
  const from = new RegExp(`từ (?:năm )?${YEAR}`).exec(s);
  if (from) return { from: yearStart(+from[1]!), to: null as unknown as string };
  return null;
}

const rules: Rule[] = [
  // Continuous work, possibly within a span: "Thường xuyên", "Thường xuyên, liên tục", "Thường xuyên (2026-2030)".
  (s) => {
    if (!/^(thường xuyên|liên tục)/.test(s)) return undefined;
    const span = yearSpan(s);
    return { kind: 'continuous', from: span?.from ?? null, to: span?.to ?? null };
  },
  // Recurring: "Hằng năm", "Hàng năm", "Định kỳ 6 tháng, hằng năm", "Hằng quý", "Định kỳ trước ngày 20 hằng tháng".
  (s) => {
    const cadences = cadencesIn(s);
    if (cadences.length === 0 || /^(quý|tháng \d|năm \d)/.test(s)) return undefined;
    const span = yearSpan(s);
    const single = new RegExp(YEAR).exec(s); // "2026 (cập nhật hằng năm)": recurring from 2026
    return {
      kind: 'recurring',
      cadences,
      from: span?.from ?? (single ? yearStart(+single[1]!) : null),
      to: span?.to ?? null,
    };
  },
  // "trước ngày 20/5/2026", "Trước 30/6/2026", "chậm nhất ngày 15/3/2026", "ngày 20/5/2026"
  (s) => {
    const m = new RegExp(`^(?:(?:trước|chậm nhất|hạn|hoàn thành trước|xong trước)\\s+)?(?:ngày\\s+)?${DATE}$`).exec(s);
    if (!m) return undefined;
    const [d, mo, y] = [+m[1]!, +m[2]!, +m[3]!];
    return validDate(y, mo, d) ? { kind: 'once', start: null, end: iso(y, mo, d) } : null;
  },
  // "Quý I/2026", "Quý I năm 2026", "Quý I, II/2026", "Quý II-III/2026", "trước Quý III/2026"
  (s) => {
    const m = new RegExp(
      `^(?:(?:trước|trong|từ)\\s+)?quý\\s+([ivx1-4]+)(?:\\s*(?:,|-|–|và|đến)\\s*(?:quý\\s+)?([ivx1-4]+))?\\s*(?:/|năm|\\s)\\s*${YEAR}$`,
    ).exec(s);
    if (!m) return undefined;
    const q1 = QUARTER[m[1]!];
    const q2 = m[2] ? QUARTER[m[2]] : q1;
    const y = +m[3]!;
    if (!q1 || !q2 || q2 < q1) return null;
    const before = s.startsWith('trước');
    return {
      kind: 'once',
      start: before ? null : iso(y, q1 * 3 - 2, 1),
      end: before ? iso(y, q1 * 3 - 2, 1) : iso(y, q2 * 3, lastDay(y, q2 * 3)),
    };
  },
  // "Tháng 6/2026", "Tháng 6 năm 2026", "trước tháng 6/2026", "Tháng 5-6/2026"
  (s) => {
    const m = new RegExp(
      `^(trước\\s+)?tháng\\s+(\\d{1,2})(?:\\s*[-–,]\\s*(\\d{1,2}))?\\s*(?:/|năm|\\s)\\s*${YEAR}$`,
    ).exec(s);
    if (!m) return undefined;
    const m1 = +m[2]!;
    const m2 = m[3] ? +m[3] : m1;
    const y = +m[4]!;
    if (m1 < 1 || m2 > 12 || m2 < m1) return null;
    if (m[1]) return { kind: 'once', start: null, end: iso(y, m1, 1) };
    return { kind: 'once', start: iso(y, m1, 1), end: iso(y, m2, lastDay(y, m2)) };
  },
  // "6 tháng đầu năm 2026", "6 tháng cuối năm 2026"
  (s) => {
    const m = new RegExp(`^(6|sáu) tháng (đầu|cuối) năm ${YEAR}$`).exec(s);
    if (!m) return undefined;
    const y = +m[3]!;
    return m[2] === 'đầu'
      ? { kind: 'once', start: iso(y, 1, 1), end: iso(y, 6, 30) }
      : { kind: 'once', start: iso(y, 7, 1), end: iso(y, 12, 31) };
  },
  // "2026-2027", "2026 - 2030", "Giai đoạn 2026-2030", "Năm 2026-2027", "Từ năm 2026 đến năm 2030"
  (s) => {
    const m = new RegExp(
      `^(?:(?:giai đoạn|năm|từ năm|từ|trong giai đoạn)\\s+)?${YEAR}\\s*(?:[-–—]|đến(?: năm)?)\\s*${YEAR}$`,
    ).exec(s);
    if (!m) return undefined;
    const [a, b] = [+m[1]!, +m[2]!];
    return b < a ? null : { kind: 'once', start: yearStart(a), end: yearEnd(b) };
  },
  // "Năm 2026", "2026", "trong năm 2026", "trước năm 2027", "2026, 2027"
  (s) => {
    const m = new RegExp(
      `^(trước\\s+)?(?:(?:trong\\s+)?năm\\s+)?${YEAR}((?:\\s*(?:,|và|;)\\s*(?:năm\\s+)?${YEAR})*)$`,
    ).exec(s);
    if (!m) return undefined;
    const first = +m[2]!;
    if (m[1]) return { kind: 'once', start: null, end: yearStart(first) };
    const rest = [...(m[3] ?? '').matchAll(/\d{4}/g)].map((x) => +x[0]);
    const last = rest.length > 0 ? Math.max(first, ...rest) : first;
    return { kind: 'once', start: yearStart(Math.min(first, ...rest)), end: yearEnd(last) };
  },
  // "Từ năm 2026" (open-ended)
  (s) => {
    const m = new RegExp(`^từ (?:năm )?${YEAR}(?: trở đi)?$`).exec(s);
    if (!m) return undefined;
    return { kind: 'continuous', from: yearStart(+m[1]!), to: null };
  },
];

/**
 * Read a time-frame phrase. Blank is `{ok: true, value: null}`; a phrase no rule reads is
 * `{ok: false}`. Excel dates arrive as `Date` and become a one-off deadline.
 */
export function parseTimeframe(cell: unknown): TimeframeResult {
  if (cell === null || cell === undefined) return { ok: true, value: null };
  if (cell instanceof Date) {
    return { ok: true, value: { kind: 'once', start: null, end: cell.toISOString().slice(0, 10) } };
  }
  const s = foldKey(String(cell)).replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
  if (s === '') return { ok: true, value: null };
  if (/^\d{4}$/.test(s) === false && typeof cell === 'number') return { ok: false };
  for (const rule of rules) {
    const out = rule(s);
    if (out === null) return { ok: false };
    if (out !== undefined) return { ok: true, value: out };
  }
  return { ok: false };
}

/** The years a time frame touches, or null when it is open-ended on both sides. */
const yearOf = (d: string | null) => (d === null ? null : Number(d.slice(0, 4)));

export function timeframeYears(tf: Timeframe): { from: number | null; to: number | null } {
  if (tf.kind === 'once') return { from: yearOf(tf.start) ?? yearOf(tf.end), to: yearOf(tf.end) };
  return { from: yearOf(tf.from), to: yearOf(tf.to) };
}

/** True when the time frame lies (at least partly) outside the plan period. */
export function outsidePeriod(tf: Timeframe, period: { from: number; to: number }): boolean {
  const { from, to } = timeframeYears(tf);
  if (tf.kind === 'once' && tf.start === null) {
    // A deadline "before 1/1/2031" is still inside a 2026–2030 plan.
    return (
      to !== null && (to < period.from || to > period.to + 1 || (to === period.to + 1 && tf.end.slice(5) !== '01-01'))
    );
  }
  return (
    (from !== null && (from < period.from || from > period.to)) || (to !== null && (to > period.to || to < period.from))
  );
}
