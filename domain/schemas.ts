/**
 * Zod schemas of rows, derived from the table definitions so that the API, the CLI and the
 * add-in accept exactly the columns the official table has.
 */
import { z } from 'zod';
import { type Period, tableDef } from './tables.js';
import type { TableName } from './values.js';

/** A cell as Excel or a CSV gives it: text, a number Excel already typed, or nothing. */
export const cellSchema = z.union([z.string(), z.number(), z.null()]);
export type Cell = z.infer<typeof cellSchema>;

/** A row of the official appendix: column keys to cells, nothing else. */
export function appendixRowSchema(table: TableName, period?: Period) {
  const def = tableDef(table, period);
  const shape = Object.fromEntries(def.columns.map((c) => [c.key, cellSchema.optional()]));
  return z.strictObject(shape);
}

/**
 * A row of an agency's sheet: its stable `uid`, its place in the official structure
 * (`section`, a path such as "II/B") and the table's columns.
 */
export function sheetRowSchema(table: TableName, period?: Period) {
  const def = tableDef(table, period);
  const shape = Object.fromEntries(def.columns.map((c) => [c.key, cellSchema.optional()]));
  return z.strictObject({
    uid: z.string().min(1, 'Thiếu mã dòng (uid)').max(64, 'Mã dòng (uid) dài quá 64 ký tự'),
    section: z.string().max(32).default(''),
    ...shape,
  });
}

export type AppendixRow = Record<string, Cell | undefined>;
export type SheetRow = { uid: string; section: string } & Record<string, Cell | undefined>;
