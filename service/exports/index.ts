export { AGENCY_HEADER, FLAGS_HEADER, guardFormula } from './cell-text.js';
export {
  CSV_SEPARATORS,
  type CsvSeparator,
  type CsvSink,
  csvField,
  type MergedCsvOptions,
  writeMergedCsv,
} from './merged-csv.js';
export { LAYOUT, type MergedXlsxOptions, writeMergedXlsx } from './merged-xlsx.js';
export { AMOUNT_FORMAT, DECIMAL_FORMAT, FLAG_FILLS } from './xlsx-styles.js';
