/**
 * The Excel API versions the add-in needs. ExcelApi 1.9 is the minimum: data validation (1.8),
 * RangeAreas, workbook-wide change events and suspended screen updating (1.9). Notes (1.18) are
 * used only where Excel has them; elsewhere findings are marked by fill colour and listed in the pane.
 */
export const MIN_EXCEL_API = '1.9';
export const NOTES_EXCEL_API = '1.18';
