/**
 * Vietnamese amounts: "." groups thousands and "," marks decimals ("9.615.243", "1,5").
 * Excel may hand us a real number instead; both end up as a JS number.
 */
export type NumberResult = { ok: true; value: number | null } | { ok: false; reason: string };

const BLANK: NumberResult = { ok: true, value: null };

/**
 * Amounts are in triệu đồng: a million billion is beyond any provincial plan, and keeping every
 * amount below it keeps every sum of a round exact in a double and far from overflowing to ∞.
 */
export const MAX_AMOUNT = 1e12;
const TOO_LARGE = 'vượt quá giới hạn 1.000.000.000.000';

/** Parse one amount cell. Blank cells are `null`, not zero: the caller decides what blank means. */
export function parseVnNumber(cell: unknown): NumberResult {
  if (cell === null || cell === undefined) return BLANK;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { ok: false, reason: 'giá trị không hữu hạn' };
    return Math.abs(cell) < MAX_AMOUNT ? { ok: true, value: cell } : { ok: false, reason: `«${cell}» ${TOO_LARGE}` };
  }
  if (typeof cell !== 'string') return { ok: false, reason: 'không phải số' };
  return parseText(cell);
}

/**
 * The value of a plain amount, digits with "." grouping thousands ("12", "9.615.243"), or -1
 * for any other text (the caller then asks `parseVnNumber`). It gives exactly what
 * `parseVnNumber` gives for such text, without allocating a result: most cells of a big table
 * are plain amounts.
 */
export function plainAmount(raw: string): number {
  let value = 0;
  let digitsInGroup = 0;
  let groups = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (++digitsInGroup > 3 && groups > 0) return -1;
    } else if (c === 46 /* . */ && digitsInGroup > 0 && (groups > 0 ? digitsInGroup === 3 : digitsInGroup <= 3)) {
      groups++;
      digitsInGroup = 0;
    } else return -1;
  }
  return digitsInGroup === 0 || (groups > 0 && digitsInGroup !== 3) || value >= MAX_AMOUNT ? -1 : value;
}

function parseText(raw: string): NumberResult {
  let start = 0;
  let end = raw.length;
  while (start < end && raw.charCodeAt(start) <= 32) start++;
  while (end > start && raw.charCodeAt(end - 1) <= 32) end--;
  if (start === end) return BLANK;
  // A lone dash is how some sheets write "nothing this year".
  if (end - start === 1 && (raw[start] === '-' || raw[start] === '–')) return BLANK;

  let negative = false;
  let i = start;
  if (raw[i] === '-' || raw[i] === '−') {
    negative = true;
    i++;
  }
  let intPart = 0;
  let digitsInGroup = 0;
  let groups = 0; // number of "." separators seen
  let sawDigit = false;
  let fraction = 0;
  let fractionScale = 1;
  let inFraction = false;
  for (; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      sawDigit = true;
      if (inFraction) {
        fractionScale *= 10;
        fraction = fraction * 10 + (c - 48);
      } else {
        intPart = intPart * 10 + (c - 48);
        digitsInGroup++;
        if (groups > 0 && digitsInGroup > 3) return fail(raw, 'nhóm hàng nghìn phải có đúng 3 chữ số');
      }
      continue;
    }
    if (c === 46 /* . */) {
      if (inFraction) return fail(raw, 'dấu "." nằm sau dấu thập phân ","');
      if (!sawDigit || (groups > 0 && digitsInGroup !== 3))
        return fail(raw, 'dấu "." phân cách hàng nghìn đặt sai chỗ');
      if (groups === 0 && digitsInGroup > 3) return fail(raw, 'dấu "." phân cách hàng nghìn đặt sai chỗ');
      groups++;
      digitsInGroup = 0;
      continue;
    }
    if (c === 44 /* , */) {
      if (inFraction) return fail(raw, 'có nhiều hơn một dấu thập phân ","');
      if (!sawDigit || (groups > 0 && digitsInGroup !== 3)) return fail(raw, 'dấu "," thập phân đặt sai chỗ');
      inFraction = true;
      continue;
    }
    if (c === 32 || c === 160) return fail(raw, 'có khoảng trắng giữa các chữ số');
    return fail(raw, `có ký tự «${raw[i]}» không phải chữ số`);
  }
  if (!sawDigit) return fail(raw, 'không có chữ số');
  if (groups > 0 && digitsInGroup !== 3 && !inFraction) return fail(raw, 'nhóm hàng nghìn cuối phải có đúng 3 chữ số');
  if (inFraction && fractionScale === 1) return fail(raw, 'thiếu chữ số sau dấu ","');
  const value = intPart + fraction / fractionScale;
  if (value >= MAX_AMOUNT) return fail(raw, TOO_LARGE);
  return { ok: true, value: negative ? -value : value };
}

function fail(raw: string, why: string): NumberResult {
  return { ok: false, reason: `«${raw.trim()}» ${why}` };
}

const amountFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 });

/** Format as the official tables do: "9.615.243", "1,5". */
export function formatAmount(value: number): string {
  return amountFormat.format(value);
}
