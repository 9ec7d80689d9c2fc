/**
 * Shapes shared by the merge, the consistency rules and the service: a round's outline of
 * sections, its declared totals, and a stored row of an agency's sheet.
 */
import { z } from 'zod';
import { TABLE_NAMES } from './values.js';

/** One heading of a table's official structure: a section ("II") or a sub-section ("II/B"). */
export const outlineEntrySchema = z.object({
  path: z.string().regex(/^[IVXL]+(\/[A-Z])?$/, 'Mục phải có dạng I, II… hoặc I/A, II/B…'),
  title: z.string().min(1),
});
export type OutlineEntry = z.infer<typeof outlineEntrySchema>;

/** Per table, the headings in official order. */
export const outlineSchema = z.partialRecord(z.enum(TABLE_NAMES), z.array(outlineEntrySchema));
export type Outline = z.infer<typeof outlineSchema>;

/** Funding sources as the plan text splits the grand total. */
export const FUNDING_SOURCES = ['provincial', 'central', 'non_state'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const FUNDING_SOURCE_LABELS: Record<FundingSource, string> = {
  provincial: 'Ngân sách tỉnh',
  central: 'Ngân sách Trung ương hỗ trợ có mục tiêu',
  non_state: 'Doanh nghiệp, tổ chức, cá nhân và nguồn hợp pháp khác',
};

export const declaredTotalsSchema = z.object({
  grand: z.number().nonnegative().optional(),
  /** Year ("2026") → amount. */
  years: z.record(z.string().regex(/^\d{4}$/), z.number().nonnegative()).optional(),
  sources: z.partialRecord(z.enum(FUNDING_SOURCES), z.number().nonnegative()).optional(),
});
export type DeclaredTotals = z.infer<typeof declaredTotalsSchema>;

/** A stored row of an agency's sheet, as the merge and the consistency rules see it. */
export interface SheetRowRecord {
  table: (typeof TABLE_NAMES)[number];
  uid: string;
  /** The agency whose sheet holds the row (for groups, the group's registry id). */
  agencyId: string;
  section: string;
  code: string;
  /** Column key → value; amounts are numbers (null when blank), text is NFC. */
  cells: Record<string, string | number | null>;
  /** Hash of the row's content: changes exactly when the row changes. */
  rowHash: string;
}
