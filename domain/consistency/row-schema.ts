/**
 * A stored sheet row as the consistency rules read it, described once for the round's rows and
 * for a progress round's answers.
 */
import { z } from 'zod';
import type { SheetRowRecord } from '../round.js';
import { TABLE_NAMES } from '../values.js';

const cellSchema = z.union([z.string(), z.number(), z.null()]);

export const sheetRowRecordSchema = z.object({
  table: z.enum(TABLE_NAMES),
  uid: z.string(),
  agencyId: z.string(),
  section: z.string(),
  code: z.string(),
  cells: z.record(z.string(), cellSchema),
  rowHash: z.string(),
});
// The schema describes exactly the shared row shape of round.ts, in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRowShape: Same<z.infer<typeof sheetRowRecordSchema>, SheetRowRecord> = true;
void sameRowShape;
