/**
 * Flags: what the cross-agency consistency rules report about a round, and what they read.
 * Codes and severities are declared in the registry of rules (flag-rules.ts); the types are
 * inferred from the zod schemas.
 */
import { z } from 'zod';
import { AgencyMatcher } from '../parse/agency.js';
import { declaredTotalsSchema } from '../round.js';
import { TABLE_NAMES } from '../values.js';
import { FLAG_CODES, FLAG_SEVERITIES } from './flag-rules.js';
import { progressFlagInputSchema } from './progress-input.js';
import { sheetRowRecordSchema } from './row-schema.js';

export { sheetRowRecordSchema };

export const flagRowRefSchema = z.object({
  table: z.enum(TABLE_NAMES),
  uid: z.string(),
  agencyId: z.string(),
  section: z.string(),
  code: z.string(),
});
export type FlagRowRef = z.infer<typeof flagRowRefSchema>;

export const flagSchema = z.object({
  /** Stable across recomputations: the code and a hash of the rows (or of the aggregate) it is about. */
  id: z.string(),
  code: z.enum(FLAG_CODES),
  severity: z.enum(FLAG_SEVERITIES),
  table: z.enum(TABLE_NAMES).nullable(),
  rows: z.array(flagRowRefSchema),
  agencyIds: z.array(z.string()),
  /** Vietnamese (NFC), for the validator. */
  message: z.string(),
  figures: z.record(z.string(), z.unknown()),
  /** Changes exactly when what the flag is about changes: a reviewed flag whose fingerprint moved needs a new look. */
  fingerprint: z.string(),
});
export type Flag = z.infer<typeof flagSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'Ngày phải theo dạng YYYY-MM-DD');

export const consistencyInputSchema = z.object({
  /** Live rows of the round; tables other than tasks and budget are ignored. */
  rows: z.array(sheetRowRecordSchema),
  matcher: z.instanceof(AgencyMatcher),
  period: z.object({ from: z.number().int(), to: z.number().int() }),
  declaredTotals: declaredTotalsSchema.nullable(),
  /** Registry ids of the agencies that must send rows. */
  expectedAgencies: z.array(z.string()),
  /** Agency id → ISO time of its last sync (any table). */
  lastSyncByAgency: z.record(z.string(), z.string()),
  /** ISO date; a day ends at midnight Vietnam time. */
  dueDate: isoDate.nullable(),
  now: z.date(),
  agencyName: z.function({ input: [z.string()], output: z.string() }),
  /** A progress round: its plan's rows and the answers of this and earlier periods (the progress rules). */
  progress: progressFlagInputSchema.optional(),
  /**
   * When `rows` are only part of the round (a sync's scope): how rare each syllable is in the
   * whole round, so that names are weighed as a full recompute weighs them. `documents` is the
   * number of rows of the checked tables; `frequency` the number of those whose name has it.
   */
  rarity: z
    .object({ documents: z.number().int(), frequency: z.function({ input: [z.string()], output: z.number() }) })
    .optional(),
  /**
   * Names already read by a longer-lived NameReader (the service's round index), so that a sync's
   * scope is not read again: a name's forms (its whole name, then its head when it has one) as
   * that reader's syllable ids, and the syllable of each id (`texts`, which only grows).
   */
  names: z
    .object({
      texts: z.custom<readonly string[]>((v) => Array.isArray(v)),
      forms: z.function({
        input: [z.string()],
        output: z.custom<readonly (readonly number[])[]>((v) => Array.isArray(v)),
      }),
    })
    .optional(),
});
export type ConsistencyInput = z.infer<typeof consistencyInputSchema>;
