export { writeMergedCsv, csvField, type MergedCsvOptions, type CsvSink } from './merged-csv.js';
export { writeMergedXlsx, LAYOUT, type MergedXlsxOptions } from './merged-xlsx.js';
export { AGENCY_HEADER, guardFormula } from './cell-text.js';
export { AMOUNT_FORMAT, DECIMAL_FORMAT, FLAG_FILLS } from './xlsx-styles.js';
