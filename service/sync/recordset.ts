/**
 * Many rows as one statement parameter: a JSON array that the database reads back as a table
 * with `jsonb_to_recordset`. One statement and one parameter whatever the number of rows, and
 * the same SQL on PostgreSQL and PGlite. For 300 sheet rows this upsert takes a third of the time
 * of a multi-row VALUES with 3,600 parameters, and half that of `unnest` over text arrays
 * (bench/RESULTS-sync.md).
 */
import { type RawBuilder, sql } from 'kysely';

export type RecordsetColumns = Readonly<Record<string, 'text' | 'integer' | 'jsonb' | 'timestamptz'>>;

/**
 * `jsonb_to_recordset($1) as x(<columns>)`, to use after FROM; values of `jsonb` columns are
 * plain objects and arrays (encoded once, with the rows).
 *
 * @example
 * await sql`insert into t (a, b) select x.a, x.b from ${recordset({ a: 'text', b: 'jsonb' }, rows)}`.execute(trx);
 */
export function recordset<C extends RecordsetColumns>(
  columns: C,
  rows: readonly { [K in keyof C]: unknown }[],
): RawBuilder<unknown> {
  const definition = sql.join(Object.entries(columns).map(([name, type]) => sql`${sql.ref(name)} ${sql.raw(type)}`));
  return sql`jsonb_to_recordset(cast(${JSON.stringify(rows)} as jsonb)) as x(${definition})`;
}

/**
 * `any(array[…])` of the strings in `values` as one parameter, for `where column = …`: an array
 * the planner sees whole, so a key column is looked up in its index whatever the count.
 */
export function anyOf(values: readonly string[]): RawBuilder<string> {
  return sql`any(array(select jsonb_array_elements_text(cast(${JSON.stringify(values)} as jsonb))))`;
}
