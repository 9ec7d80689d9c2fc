/**
 * Hand-drawn SVG charts for the overview: a few dozen shapes each, no library, no script.
 * Every chart is one `role="img"` with a title and a description that reads out all its
 * figures, and the page puts the same figures in a table next to it.
 */
import { formatAmount } from '../../domain/index.js';
import { difference, percent } from './components.js';

const W = 640;
/** The same colours as the stylesheet's variables (SVG presentation attributes take no var()). */
export const COLORS = {
  merged: '#1f5aa6',
  declared: '#c3ccd6',
  error: '#b3261e',
  ok: '#1e6b3a',
  warn: '#8a5300',
  muted: '#505a66',
} as const;
const FONT = 13;

/** Round tick values: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return step;
}

/** "9,6 tr" style short amounts for axis ticks (triệu đồng → nghìn tỷ would confuse; keep digits). */
const tick = (v: number) => formatAmount(v);

export interface ComparisonItem {
  label: string;
  actual: number;
  /** Null when the plan declares nothing for it. */
  declared: number | null;
}

/**
 * Grouped vertical bars: what the agencies' rows add up to against what the plan declares.
 *
 * @example <ComparisonChart id="years" title="Kinh phí theo năm" unit="triệu đồng" items={[{ label: '2026', actual: 1626820, declared: 1625520 }]} />
 */
export function ComparisonChart(props: { id: string; title: string; unit: string; items: readonly ComparisonItem[] }) {
  const { id, items } = props;
  const H = 300;
  const left = 92;
  const right = 12;
  const top = 44;
  const bottom = 44;
  const max = Math.max(1, ...items.flatMap((i) => [i.actual, i.declared ?? 0]));
  const step = niceStep(max, 4);
  const top_ = Math.ceil(max / step) * step;
  const plotH = H - top - bottom;
  const y = (v: number) => top + plotH - (v / top_) * plotH;
  const groupW = (W - left - right) / Math.max(items.length, 1);
  const barW = Math.min(42, groupW / 2.8);
  const description = items
    .map(
      (i) =>
        `${i.label}: tổng hợp ${formatAmount(i.actual)}${i.declared === null ? '' : `, kế hoạch ${formatAmount(i.declared)}, ${i.actual === i.declared ? 'khớp' : `chênh ${difference(i.actual - i.declared)}`}`}`,
    )
    .join('; ');
  const ticks = Array.from({ length: Math.round(top_ / step) + 1 }, (_, k) => k * step);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} font-size={FONT}>
      <title id={`${id}-t`}>{props.title}</title>
      <desc id={`${id}-d`}>{`Đơn vị: ${props.unit}. ${description}.`}</desc>
      <g aria-hidden="true">
        <rect x={left} y={8} width={12} height={12} fill={COLORS.merged} />
        <text x={left + 18} y={18}>
          Tổng hợp từ các cơ quan
        </text>
        <rect
          x={left + 200}
          y={8}
          width={12}
          height={12}
          fill={COLORS.declared}
          stroke="#3d4753"
          stroke-dasharray="3 2"
        />
        <text x={left + 218} y={18}>
          Số trong kế hoạch
        </text>
        {ticks.map((t) => (
          <g>
            <line x1={left} x2={W - right} y1={y(t)} y2={y(t)} stroke="#dfe4ea" />
            <text x={left - 6} y={y(t) + 4} text-anchor="end" fill="#505a66">
              {tick(t)}
            </text>
          </g>
        ))}
        {items.map((item, i) => {
          const x0 = left + i * groupW + (groupW - 2 * barW - 4) / 2;
          const mismatch = item.declared !== null && item.declared !== item.actual;
          return (
            <g>
              <rect
                x={x0}
                y={y(item.actual)}
                width={barW}
                height={Math.max(0, y(0) - y(item.actual))}
                fill={COLORS.merged}
              />
              {item.declared !== null && (
                <rect
                  x={x0 + barW + 4}
                  y={y(item.declared)}
                  width={barW}
                  height={Math.max(0, y(0) - y(item.declared))}
                  fill={COLORS.declared}
                  stroke="#3d4753"
                  stroke-dasharray="3 2"
                />
              )}
              <text x={left + i * groupW + groupW / 2} y={H - bottom + 16} text-anchor="middle">
                {item.label}
              </text>
              {item.declared !== null && (
                <text
                  x={left + i * groupW + groupW / 2}
                  y={H - bottom + 32}
                  text-anchor="middle"
                  fill={mismatch ? COLORS.error : COLORS.ok}
                  font-weight={mismatch ? 700 : 400}
                >
                  {mismatch
                    ? `chênh ${difference(item.actual - item.declared!)}${item.declared ? ` (${percent(item.actual - item.declared!, item.declared!, true)})` : ''}`
                    : 'khớp ✓'}
                </text>
              )}
            </g>
          );
        })}
        <line x1={left} x2={W - right} y1={y(0)} y2={y(0)} stroke="#3d4753" />
      </g>
    </svg>
  );
}

export interface BarItem {
  /** The label drawn on the left: wrapped onto two lines, then abbreviated. */
  label: string;
  /** The whole label, shown on hover; the label itself by default. */
  fullLabel?: string;
  /** Segments of the bar, in order, each with its colour key. */
  parts: readonly { value: number; color: string; name: string }[];
  /** Text at the end of the bar; the sum of the parts by default. */
  note?: string;
  /** A sub-section: indented and drawn lighter. */
  minor?: boolean;
}

/** Characters that fit one line of a bar's label at the chart's font size. */
const LABEL_CHARS = 34;

/**
 * A label in at most two lines cut at words, the second ending in "…" when the label is
 * longer: «II Nhiệm vụ phát triển và nâng cao…» would say nothing on one line.
 *
 * @example labelLines('I/A Hoàn thiện thể chế, chính sách', 20); // ['I/A Hoàn thiện thể', 'chế, chính sách']
 */
export function labelLines(label: string, width = LABEL_CHARS): string[] {
  const words = label.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || line === '') {
      line = next;
      continue;
    }
    if (lines.length === 1) {
      // The second line is full: what is left is summed up by the ellipsis (and the hover title).
      return [lines[0]!, `${line}…`];
    }
    lines.push(line);
    line = word;
  }
  if (line) lines.push(line);
  return lines.map((l) => (l.length > width + 8 ? `${l.slice(0, width)}…` : l));
}

/**
 * Horizontal bars, optionally stacked, with the label on the left (on two lines when long, cut
 * at a word after that; the whole label as the hover title and in the description).
 */
export function BarChart(props: {
  id: string;
  title: string;
  description: string;
  items: readonly BarItem[];
  legend?: readonly { name: string; color: string }[];
}) {
  const { id, items } = props;
  const lines = items.map((i) => labelLines(i.label, i.minor ? LABEL_CHARS + 2 : LABEL_CHARS));
  const row = lines.some((l) => l.length > 1) ? 38 : 26;
  const legendH = props.legend ? 26 : 4;
  const H = legendH + items.length * row + 8;
  const labelW = 250;
  const noteW = 120;
  const plotW = W - labelW - noteW - 8;
  const max = Math.max(1, ...items.map((i) => i.parts.reduce((s, p) => s + p.value, 0)));
  const barH = 17;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} font-size={FONT}>
      <title id={`${id}-t`}>{props.title}</title>
      <desc id={`${id}-d`}>{props.description}</desc>
      <g aria-hidden="true">
        {props.legend?.map((l, k) => (
          <g>
            <rect x={8 + k * 158} y={6} width={12} height={12} fill={l.color} />
            <text x={8 + k * 158 + 17} y={16}>
              {l.name}
            </text>
          </g>
        ))}
        {items.map((item, i) => {
          const y0 = legendH + i * row;
          const mid = y0 + row / 2;
          let x = labelW;
          const total = item.parts.reduce((s, p) => s + p.value, 0);
          const label = lines[i]!;
          return (
            <g>
              <title>{item.fullLabel ?? item.label}</title>
              <text
                x={labelW - 8}
                y={label.length > 1 ? mid - 3 : mid + 4}
                text-anchor="end"
                fill={item.minor ? '#505a66' : '#1b1f24'}
                font-weight={item.minor ? 400 : 600}
              >
                {label.map((l, k) => (
                  <tspan x={labelW - 8} dy={k === 0 ? 0 : 15}>
                    {l}
                  </tspan>
                ))}
              </text>
              {item.parts.map((p) => {
                const w = (p.value / max) * plotW;
                const rect = (
                  <rect
                    x={x}
                    y={mid - barH / 2}
                    width={Math.max(0, w)}
                    height={barH}
                    fill={p.color}
                    opacity={item.minor ? 0.75 : 1}
                  />
                );
                x += w;
                return rect;
              })}
              <text x={x + 6} y={mid + 4}>
                {item.note ?? formatAmount(total)}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
