/**
 * What a change to an agency (a new alias, a new name) would do before it is saved: every agency
 * cell already stored in any round — lead, partners, monitor, proposer — that the registry would
 * read differently, found by matching each distinct cell text with today's registry and with the
 * changed one (the same AgencyMatcher the checks use).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import {
  type Agency,
  type AgencyMatch,
  AgencyMatcher,
  TABLE_NAMES,
  type TableName,
  tableDef,
} from '../../domain/index.js';
import type { RegistryStore } from '../registry-store.js';

export interface CellEffect {
  text: string;
  table: TableName;
  column: string;
  rows: number;
  rounds: string[];
  /** "mục II/A, TT 3" of one such row. */
  example: string;
  before: string[];
  after: string[];
}

/** Agency cells of each table: key and header. */
function agencyColumns(): { table: TableName; key: string; header: string }[] {
  return TABLE_NAMES.flatMap((table) =>
    tableDef(table)
      .columns.filter((c) => c.type === 'agency' || c.type === 'agencies')
      .map((c) => ({ table, key: c.key, header: c.header })),
  );
}

const readAs = (matches: readonly AgencyMatch[]) =>
  matches.map((m) => (m.via === 'unknown' ? `«${m.raw}» (chưa nhận ra)` : m.agency.name));

/**
 * @example
 * const effects = await previewAgencyChange(db, registry, { id: 'so-y-te', name: 'Sở Y tế', kind: 'department', aliases: ['SYT', 'Sở Y tế LC'], formerly: [] });
 */
export async function previewAgencyChange(
  db: Kysely<Database>,
  registry: RegistryStore,
  candidate: Agency,
  limit = 200,
): Promise<{ effects: CellEffect[]; more: number }> {
  const current = await registry.matcher();
  const changed = new AgencyMatcher({
    agencies: [...(await registry.all()).filter((a) => a.id !== candidate.id), candidate],
  });
  const effects: CellEffect[] = [];
  for (const col of agencyColumns()) {
    const field = sql.raw(`data->>'${col.key}'`);
    const { rows } = await sql<{ text: string; n: string | number; rounds: string; example: string }>`
      select ${field} as text, count(*) as n, string_agg(distinct round_id, ',') as rounds, min(section || ' ' || code) as example
      from sheet_rows
      where table_name = ${col.table} and deleted_at is null and coalesce(${field}, '') <> ''
      group by ${field}`.execute(db);
    for (const r of rows) {
      const before = readAs(current.matchList(r.text));
      const after = readAs(changed.matchList(r.text));
      if (before.join('\n') === after.join('\n')) continue;
      const [section, code] = r.example.split(' ');
      effects.push({
        text: r.text,
        table: col.table,
        column: col.header,
        rows: Number(r.n),
        rounds: r.rounds.split(','),
        example: [section && `mục ${section}`, code && `TT ${code}`].filter(Boolean).join(', '),
        before,
        after,
      });
    }
  }
  effects.sort((a, b) => b.rows - a.rows || a.text.localeCompare(b.text, 'vi'));
  return { effects: effects.slice(0, limit), more: Math.max(0, effects.length - limit) };
}
