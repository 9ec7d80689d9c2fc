/** Progress rounds: periods and their due dates, the four-way status, the progress row checks. */
export * from './checks.js';
export {
  checkedPeriodSchema,
  type DueDateOptions,
  dueDate,
  formatDueDate,
  formatVnDate,
  nextPeriod,
  onTime,
  PERIOD_KINDS,
  type Period as ReportingPeriod,
  type PeriodKind,
  periodLabel,
  periodRange,
  periodSchema,
  periodSlug,
  previousPeriod,
  vnDate,
} from './period.js';
export * from './status.js';
