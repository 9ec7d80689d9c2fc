export { type CheckedTable, checkRows, type Layout } from './checks/check-table.js';
export { classifyAppendix, classifySheet, parentKeysOf, type RowPlace } from './checks/classify.js';
export type { CheckContext } from './checks/context.js';
export type { RowFacts } from './checks/facts.js';
export { mayHoldFaultyText, stripHiddenMarks, textFindings } from './checks/text.js';
export * from './consistency/index.js';
export * from './merge/merge-table.js';
export * from './merge/printed-layout.js';
export { messages } from './messages.js';
export {
  type AgencyMatch,
  AgencyMatcher,
  agencyKey,
  FIX_MARGIN,
  FIX_SIMILARITY,
  SUGGEST_SIMILARITY,
} from './parse/agency.js';
export { compareCodes, compareParts, type ParsedCode, parseCode, toLetter, toRoman } from './parse/code.js';
export { formatAmount, MAX_AMOUNT, parseVnNumber } from './parse/number.js';
export {
  findTextFault,
  hasHiddenMarks,
  hiddenMarksRefusal,
  MAX_CELL_CHARS,
  TEXT_FAULT_NAMES,
  type TextFault,
  textFault,
  withoutHiddenMarks,
} from './parse/safe-text.js';
export {
  CADENCES,
  type Cadence,
  outsidePeriod,
  parseTimeframe,
  type Timeframe,
  timeframeYears,
} from './parse/timeframe.js';
export * from './progress/index.js';
export * from './registry.js';
export * from './report.js';
export * from './round.js';
export * from './schemas.js';
export * from './sheet-state.js';
export * from './tables.js';
export * from './text.js';
export { type ValidateOptions, validateTable } from './validate.js';
export * from './values.js';
