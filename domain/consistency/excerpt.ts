/**
 * A flag's message shortened for one row of a sheet (a cell note, the pane's "Cảnh báo" column).
 * A flag about a task that forty agencies send lists all forty amounts, several thousand
 * characters: repeated on each of its forty rows, it would make the merged sheet hundreds of
 * megabytes and a note no one reads. The full text stays in the round's list of flags.
 */
export const EXCERPT_LENGTH = 400;

export function flagExcerpt(message: string, max = EXCERPT_LENGTH): string {
  if (message.length <= max) return message;
  const cut = message.slice(0, max);
  // At a word boundary, without a dangling separator.
  const at = cut.lastIndexOf(' ');
  const head = (at > max / 2 ? cut.slice(0, at) : cut).replace(/[\s,;:.(–-]+$/u, '');
  return `${head}… (xem đầy đủ trong danh sách cảnh báo của đợt)`;
}
