export * from './values.js';
export * from './text.js';
export * from './tables.js';
export * from './schemas.js';
export * from './report.js';
export * from './registry.js';
export { messages } from './messages.js';
export { parseVnNumber, formatAmount } from './parse/number.js';
export { parseCode, compareCodes, compareParts, toRoman, toLetter, type ParsedCode } from './parse/code.js';
export {
  parseTimeframe,
  outsidePeriod,
  timeframeYears,
  CADENCES,
  type Timeframe,
  type Cadence,
} from './parse/timeframe.js';
export { AgencyMatcher, agencyKey, type AgencyMatch } from './parse/agency.js';
export { checkRows, type CheckedTable, type Layout } from './checks/check-table.js';
export type { CheckContext } from './checks/context.js';
export type { RowFacts } from './checks/facts.js';
export { classifyAppendix, classifySheet, parentKeysOf, type RowPlace } from './checks/classify.js';
export { validateTable, type ValidateOptions } from './validate.js';
export * from './round.js';
export * from './merge/merge-table.js';
export * from './consistency/index.js';
