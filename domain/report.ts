/** Findings are values: one entry per problem, in the spirit of Frictionless Data reports. */
import { z } from 'zod';
import type { ColumnDef } from './tables.js';
import { FINDING_CODES, type FindingCode, SEVERITIES, type Severity, TABLE_NAMES } from './values.js';

export const findingSchema = z.object({
  /** 1-based index among the table's data rows (the rows under the header). */
  row: z.number().int().positive(),
  column: z.object({ key: z.string(), header: z.string() }).nullable(),
  code: z.enum(FINDING_CODES),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  /** The value that would fix the cell, ready to write into it; null when there is none. */
  suggestion: z.string().nullable(),
});
export type Finding = z.infer<typeof findingSchema>;

export const reportSchema = z.object({
  table: z.enum(TABLE_NAMES),
  rows: z.number().int().nonnegative(),
  findings: z.array(findingSchema),
});
export type Report = z.infer<typeof reportSchema>;

export function finding(
  row: number,
  column: ColumnDef | null,
  code: FindingCode,
  severity: Severity,
  message: string,
  suggestion: string | null = null,
): Finding {
  // Messages are built from the NFC catalogue and cleaned (NFC) cell text; a test holds them to it.
  return {
    row,
    column: column ? { key: column.key, header: column.header } : null,
    code,
    severity,
    message,
    suggestion,
  };
}

export const hasErrors = (findings: readonly Finding[]) => findings.some((f) => f.severity === 'error');

/** Findings in reading order: by row, then column order as given, then errors first. */
export function sortFindings(findings: Finding[], columnOrder: readonly string[]): Finding[] {
  // Positions looked up once: the comparator runs about twice per finding.
  const positions = new Map<string, number>();
  columnOrder.forEach((key, i) => {
    if (!positions.has(key)) positions.set(key, i);
  });
  const colIndex = (f: Finding) => (f.column ? (positions.get(f.column.key) ?? -1) : -1);
  return findings.sort(
    (a, b) =>
      a.row - b.row || colIndex(a) - colIndex(b) || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}
