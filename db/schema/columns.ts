import type { ColumnType, JSONColumnType } from 'kysely';

/**
 * Column types shared by the table interfaces.
 *
 * jsonb columns are written as JSON *strings* (`JSON.stringify`, see `toJsonb`): `pg`
 * sends a JS array as a PostgreSQL array literal, which jsonb rejects, while a string is
 * accepted by both dialects. They are read back parsed.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** jsonb column with a database default: may be left out on insert. */
export type JsonbWithDefault<T extends object> = JSONColumnType<T, string | undefined, string>;

/** Nullable jsonb column. */
export type NullableJsonb<T extends object> = JSONColumnType<T | null, string | null, string | null>;

/** timestamptz read as a `Date`; accepts a `Date` or an ISO string on write. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** timestamptz with `default now()`. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Nullable timestamptz (revoked_at, deleted_at, …): null until the event happens. */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
