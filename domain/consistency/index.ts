/** Cross-agency consistency rules of a round: what the service computes after every sync. */
export { computeFlags } from './compute.js';
export { EXCERPT_LENGTH, flagExcerpt } from './excerpt.js';
export {
  type ConsistencyInput,
  consistencyInputSchema,
  type Flag,
  type FlagRowRef,
  flagRowRefSchema,
  flagSchema,
  sheetRowRecordSchema,
} from './flag.js';
export {
  FLAG_CODES,
  FLAG_INPUTS,
  FLAG_LABELS,
  FLAG_ROUND_KINDS,
  FLAG_RULES,
  FLAG_SCOPES,
  FLAG_SEVERITIES,
  FLAG_SEVERITY,
  type FlagCode,
  type FlagInput,
  type FlagRoundKind,
  type FlagRule,
  type FlagScope,
  type FlagSeverity,
  flagCodesWith,
  flagRule,
  flagRulesWith,
  hasScope,
  RuleRun,
  sortFlags,
} from './flag-rules.js';
export { fnv1a64 } from './hash.js';
export { LINK_THRESHOLD } from './links.js';
export { NameReader } from './names.js';
export {
  type ProgressFlagInput,
  type ProgressPlanRow,
  progressFlagInputSchema,
  progressPlanRowSchema,
} from './progress-input.js';
export { dueInstant } from './rules/missing-submission.js';
export { DUPLICATE_THRESHOLD } from './rules/possible-duplicate.js';
export { STALE_PERIODS } from './rules/stale-report.js';
export { MAX_NAMES_PER_NUMBER, SAME_NUMBER_SIMILARITY } from './same-task.js';
export { budgetSourceTotals, isEnterpriseLed, type SourceTotals } from './sources.js';
export {
  budgetFraction,
  containmentBound,
  SUBSTITUTION_WEIGHT,
  similarityFraction,
  taskFraction,
  tversky,
} from './vocabulary.js';
