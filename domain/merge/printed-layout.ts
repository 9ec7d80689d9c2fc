/**
 * Words of the merged appendix that the pane's merged sheet, the console and the `.xlsx` all
 * print, so a coordinator sees one layout whichever way the table reached them.
 */

/** The label of the grand-total row, which the sources print with no code and no name. */
export const GRAND_TOTAL_LABEL = 'TỔNG CỘNG';

/** "Phụ lục III — Tổng hợp kinh phí thực hiện" → "PHỤ LỤC III: TỔNG HỢP KINH PHÍ THỰC HIỆN", as printed. */
export function printedTitle(title: string): string {
  return title.replace(/\s+[—–-]\s+/, ': ').toLocaleUpperCase('vi');
}

/**
 * The line under the title: the round and when the rows were taken from the service. The
 * service passes the province's time zone; the pane leaves it out and uses the clerk's clock.
 *
 * @example
 * pulledLine('Đợt thử nghiệm', new Date('2026-03-05T02:07:00Z'), 'Asia/Ho_Chi_Minh'); // "Đợt thử nghiệm · lấy lúc 9:07 ngày 5/3/2026"
 */
export function pulledLine(roundName: string, at: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: 'numeric',
    minute: '2-digit',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${roundName} · lấy lúc ${Number(part('hour'))}:${part('minute')} ngày ${Number(part('day'))}/${Number(part('month'))}/${part('year')}`;
}

/**
 * How many columns a section heading's text spans, from its name column on: the name and the
 * empty cells after it, up to the first cell that holds something (a subtotal). The official
 * appendix prints «CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO…» across the table, not wrapped in one column.
 *
 * @example
 * headingSpan({ code: 'I', name: 'CÔNG TÁC…', content: null, lead: null }, ['code', 'name', 'content', 'lead'], 1); // 3
 */
export function headingSpan(
  cells: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  nameIndex: number,
): number {
  let end = nameIndex + 1;
  while (end < keys.length) {
    const v = cells[keys[end]!];
    if (v !== null && v !== undefined && v !== '') break;
    end++;
  }
  return end - nameIndex;
}
