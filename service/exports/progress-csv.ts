/**
 * The merged progress report as CSV (UTF-8 with BOM, RFC 4180, CRLF): the summary lines, an empty
 * line, then the table with section lines and tasks.
 */
import type { ProgressReport } from '../progress/report-model.js';
import { guardFormula } from './cell-text.js';
import { PROGRESS_COLUMNS, progressLines } from './progress-lines.js';

const field = (v: string | number | null) => {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const text = guardFormula(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** @example const csv = progressCsv(report); // "\uFEFFTổng số nhiệm vụ,5\r\n…" */
export function progressCsv(report: ProgressReport): string {
  const lines = progressLines(report);
  const out = [
    field(lines.title),
    field(lines.subtitle),
    ...lines.summary.map(([label, value]) => `${field(label)},${field(value)}`),
    '',
    PROGRESS_COLUMNS.map((c) => field(c.header)).join(','),
    ...lines.rows.map((l) => l.cells.map(field).join(',')),
  ];
  return `\uFEFF${out.join('\r\n')}\r\n`;
}
