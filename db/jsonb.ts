/**
 * Serialises a value for a jsonb column.
 *
 * Needed because `pg` turns a JS array parameter into a PostgreSQL array literal
 * (`{1,2}`), which jsonb rejects; a JSON string works on both dialects.
 *
 * @example
 * await db.updateTable('agencies').set({ aliases: toJsonb(['Sở KH&CN']) }).execute();
 */
export function toJsonb(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('toJsonb: value has no JSON representation');
  return text;
}
