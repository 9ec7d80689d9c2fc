/**
 * Abbreviations that Vietnamese administration writes for any agency. Keys and expansions are
 * folded keys (see `foldKey`), so "Sở KH&CN" and "Sở Khoa học và Công nghệ" fold to one key.
 * Listed longest first so that "vh-tt&dl" wins over "tt&dl".
 */
export const ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['vh-tt&dl', 'văn hóa, thể thao và du lịch'],
  ['vhtt&dl', 'văn hóa, thể thao và du lịch'],
  ['vhttdl', 'văn hóa, thể thao và du lịch'],
  ['lđ-tb&xh', 'lao động-thương binh và xã hội'],
  ['lđtb&xh', 'lao động-thương binh và xã hội'],
  ['nn&ptnt', 'nông nghiệp và phát triển nông thôn'],
  ['đbqh&hđnd', 'đại biểu quốc hội và hội đồng nhân dân'],
  ['ubmttq', 'ủy ban mặt trận tổ quốc'],
  ['kh&cn', 'khoa học và công nghệ'],
  ['khcn', 'khoa học và công nghệ'],
  ['gd&đt', 'giáo dục và đào tạo'],
  ['gdđt', 'giáo dục và đào tạo'],
  ['nn&mt', 'nông nghiệp và môi trường'],
  ['tn&mt', 'tài nguyên và môi trường'],
  ['tt&tt', 'thông tin và truyền thông'],
  ['kh&đt', 'kế hoạch và đầu tư'],
  ['gtvt', 'giao thông vận tải'],
  ['ptth', 'phát thanh, truyền hình'],
  ['pt-th', 'phát thanh, truyền hình'],
  ['ubnd', 'ủy ban nhân dân'],
  ['hđnd', 'hội đồng nhân dân'],
  ['đbqh', 'đại biểu quốc hội'],
  ['mttq', 'mặt trận tổ quốc'],
  ['bql', 'ban quản lý'],
  ['bch', 'ban chỉ huy'],
  ['cntt', 'công nghệ thông tin'],
  ['đh', 'đại học'],
  ['cđ', 'cao đẳng'],
];

const TOKEN = /[\p{L}\p{N}&-]+/gu;
const table = new Map(ABBREVIATIONS);

/**
 * Any abbreviation standing as a whole token: most names hold none, and one test is cheaper than
 * looking every token up. (Keys are letters, "&" and "-": no regular-expression syntax.)
 */
const ANY = new RegExp(`(?<![\\p{L}\\p{N}&-])(?:${ABBREVIATIONS.map(([k]) => k).join('|')})(?![\\p{L}\\p{N}&-])`, 'u');

/** Replace every abbreviation token of a folded key by its expansion. */
export function expandAbbreviations(key: string): string {
  if (!ANY.test(key)) return key;
  return key.replace(TOKEN, (token) => table.get(token) ?? token);
}

/**
 * "UBND" and "HĐND" are how official documents themselves write these names, so writing them
 * is a spelling variant, not an alias worth a warning.
 */
const OFFICIAL = new Set(['ubnd', 'hđnd']);
const ANY_OFFICIAL = /(?<![\p{L}\p{N}&-])(?:ubnd|hđnd)(?![\p{L}\p{N}&-])/u;
export function expandOfficialAbbreviations(key: string): string {
  if (!ANY_OFFICIAL.test(key)) return key;
  return key.replace(TOKEN, (token) => (OFFICIAL.has(token) ? table.get(token)! : token));
}
