/**
 * Reading a round's live flags filtered, sorted and paged in SQL, shared by the API list and the
 * console's review queue. Only one page of flags is read: a 40,000-row round can hold thousands.
 */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database, FlagRecord } from '../../db/schema/index.js';
import { FLAG_SEVERITIES, type FlagCode, type FlagSeverity, type TableName, toRoman } from '../../domain/index.js';
import type { FlagStatus } from './review.js';

export interface FlagFilters {
  code?: FlagCode | undefined;
  /** Registry id: flags whose rows (or aggregate) concern this agency. */
  agencyId?: string | undefined;
  severity?: FlagSeverity | undefined;
  status?: FlagStatus | undefined;
  /** A section ("II") also matches its sub-sections ("II/B"). */
  section?: string | undefined;
  /** Flags about this table: its own, or one of its rows among theirs. */
  table?: TableName | undefined;
  /** Words the message contains, whatever their case. */
  text?: string | undefined;
}

export const FLAG_SORTS = ['severity', 'code', 'agency', 'section', 'status', 'updated'] as const;
export type FlagSort = (typeof FLAG_SORTS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export interface FlagPage {
  limit: number;
  offset: number;
  /** Without a sort: severity (as text), code, id — the API's documented order. */
  sort?: { key: FlagSort; direction: SortDirection };
}

type FlagQuery = SelectQueryBuilder<Database, 'flags', object>;

/** The live (unresolved) flags of a round that pass the filters. */
export function filteredFlags(db: Kysely<Database>, roundId: string, f: FlagFilters): FlagQuery {
  let query = db.selectFrom('flags').where('round_id', '=', roundId).where('resolved_at', 'is', null);
  if (f.code) query = query.where('code', '=', f.code);
  if (f.severity) query = query.where('severity', '=', f.severity);
  if (f.status) query = query.where('status', '=', f.status);
  if (f.agencyId) query = query.where(sql<boolean>`agency_ids @> ${toJsonb([f.agencyId])}::jsonb`);
  if (f.section) {
    query = query.where(
      sql<boolean>`exists (select 1 from jsonb_array_elements(row_refs) r where r->>'section' = ${f.section} or r->>'section' like ${`${f.section}/%`})`,
    );
  }
  if (f.table) {
    query = query.where(
      sql<boolean>`(table_name = ${f.table} or exists (select 1 from jsonb_array_elements(row_refs) r where r->>'table' = ${f.table}))`,
    );
  }
  const text = f.text?.normalize('NFC').trim();
  if (text) {
    // lower() follows Unicode on both databases (C.UTF-8), so «SỞ Y TẾ» finds «Sở Y tế».
    const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    query = query.where(sql<boolean>`lower(message) like lower(${pattern})`);
  }
  return query as FlagQuery;
}

// Sections are Roman numerals: "IX" sorts after "VIII", not between "IV" and "V".
const ROMAN_RANK = sql.raw(
  `case split_part(coalesce(row_refs->0->>'section', ''), '/', 1) ${Array.from({ length: 40 }, (_, i) => `when '${toRoman(i + 1)}' then ${i + 1}`).join(' ')} else 99 end`,
);
const SORT_EXPRESSIONS: Record<FlagSort, ReturnType<typeof sql.raw>> = {
  // The registry's order of severities (errors first), as sortFlags lists them.
  severity: sql.raw(
    `case severity ${FLAG_SEVERITIES.map((s, i) => `when '${s}' then ${i}`).join(' ')} else ${FLAG_SEVERITIES.length} end`,
  ),
  code: sql.raw('code'),
  agency: sql.raw(
    `coalesce((select a.name from agencies a where a.id = flags.agency_ids->>0), flags.agency_ids->>0, '')`,
  ),
  section: ROMAN_RANK,
  status: sql.raw(`case status when 'open' then 0 when 'returned' then 1 when 'accepted' then 2 else 3 end`),
  updated: sql.raw('updated_at'),
};

/**
 * One page of flags and the number of flags passing the filters.
 *
 * @example
 * const { total, flags } = await listFlags(db, 'de-an-11', { status: 'open' }, { limit: 50, offset: 0, sort: { key: 'severity', direction: 'asc' } });
 */
export async function listFlags(
  db: Kysely<Database>,
  roundId: string,
  filters: FlagFilters,
  page: FlagPage,
): Promise<{ total: number; flags: FlagRecord[] }> {
  const query = filteredFlags(db, roundId, filters);
  const counted = query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  let rows = query.selectAll();
  if (page.sort) {
    const { key, direction } = page.sort;
    rows = rows.orderBy(SORT_EXPRESSIONS[key], direction);
    // Ties keep the reading order: severity, section, then id.
    if (key !== 'severity') rows = rows.orderBy(SORT_EXPRESSIONS.severity);
    if (key !== 'section') rows = rows.orderBy(SORT_EXPRESSIONS.section);
    rows = rows.orderBy('id');
  } else {
    rows = rows.orderBy('severity').orderBy('code').orderBy('id');
  }
  const [count, flags] = await Promise.all([counted, rows.limit(page.limit).offset(page.offset).execute()]);
  return { total: Number((count as { n: unknown }).n), flags };
}

/** Live flags counted by code and status (the overview's table). */
export async function countFlags(
  db: Kysely<Database>,
  roundId: string,
): Promise<{ code: string; status: string; n: number }[]> {
  const rows = await db
    .selectFrom('flags')
    .select(['code', 'status', (eb) => eb.fn.countAll().as('n')])
    .where('round_id', '=', roundId)
    .where('resolved_at', 'is', null)
    .groupBy(['code', 'status'])
    .execute();
  return rows.map((r) => ({ code: r.code, status: r.status, n: Number(r.n) }));
}

/** Every agency some live flag of the round concerns (for the queue's agency filter). */
export async function flaggedAgencies(db: Kysely<Database>, roundId: string): Promise<string[]> {
  const rows = await sql<{
    id: string;
  }>`select distinct jsonb_array_elements_text(agency_ids) as id from flags where round_id = ${roundId} and resolved_at is null`.execute(
    db,
  );
  return rows.rows.map((r) => r.id);
}
