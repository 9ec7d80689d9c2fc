/** Cross-agency consistency rules of a round: what the service computes after every sync. */
export { computeFlags } from './compute.js';
export { EXCERPT_LENGTH, flagExcerpt } from './excerpt.js';
export {
  type ConsistencyInput,
  consistencyInputSchema,
  FLAG_CODES,
  FLAG_SEVERITIES,
  FLAG_SEVERITY,
  type Flag,
  type FlagCode,
  type FlagRowRef,
  type FlagSeverity,
  flagRowRefSchema,
  flagSchema,
  sheetRowRecordSchema,
} from './flag.js';
export { fnv1a64 } from './hash.js';
export { LINK_THRESHOLD } from './links.js';
export { dueInstant } from './rules/missing-submission.js';
export { DUPLICATE_THRESHOLD } from './rules/possible-duplicate.js';
export { budgetSourceTotals, isEnterpriseLed, type SourceTotals } from './sources.js';
