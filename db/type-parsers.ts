/**
 * How result values of a few PostgreSQL types become JavaScript values, shared by both
 * dialects so that a query returns the same shapes on PGlite and on PostgreSQL.
 *
 * - `int8` (bigint, `count(*)`, identity ids): a `number` while it is a safe integer, a
 *   `bigint` beyond that, so precision is never lost silently. This is PGlite's own
 *   behaviour; `pg` would return a string.
 * - `date`: the `YYYY-MM-DD` text itself. Both drivers would build a `Date` at midnight,
 *   `pg` in the process's local time zone and PGlite in UTC, so a due date could shift by
 *   a day depending on the machine.
 */

/** PostgreSQL type OIDs (`pg_type.oid`), fixed since PostgreSQL 7. */
export const INT8_OID = 20;
export const DATE_OID = 1082;

export function parseInt8(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

export function parseDate(text: string): string {
  return text;
}

/** Parsers by OID, in the shape both `pg` and PGlite accept. */
export const TYPE_PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [INT8_OID]: parseInt8,
  [DATE_OID]: parseDate,
};
