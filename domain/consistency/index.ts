/** Cross-agency consistency rules of a round: what the service computes after every sync. */
export { computeFlags } from './compute.js';
export {
  FLAG_CODES,
  FLAG_SEVERITIES,
  FLAG_SEVERITY,
  consistencyInputSchema,
  flagRowRefSchema,
  flagSchema,
  sheetRowRecordSchema,
  type ConsistencyInput,
  type Flag,
  type FlagCode,
  type FlagRowRef,
  type FlagSeverity,
} from './flag.js';
export { fnv1a64 } from './hash.js';
export { DUPLICATE_THRESHOLD } from './rules/possible-duplicate.js';
export { LINK_THRESHOLD } from './links.js';
export { budgetSourceTotals, isEnterpriseLed, type SourceTotals } from './sources.js';
export { dueInstant } from './rules/missing-submission.js';
export { EXCERPT_LENGTH, flagExcerpt } from './excerpt.js';
