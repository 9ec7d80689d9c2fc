/**
 * The demo round "de-an-11": Phụ lục I, II and III of the Lào Cai plan (source 003), each row
 * submitted by its lead agency through the same sync path staff use. Rows led by several
 * agencies, by a group or by enterprises are entered by SKH&CN on their behalf, as in practice.
 */
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { JsonObject } from '../../db/schema/columns.js';
import type { Database } from '../../db/schema/index.js';
import {
  classifyAppendix,
  type Outline,
  type OutlineEntry,
  parentKeysOf,
  type TableName,
  tableDef,
  toLetter,
} from '../../domain/index.js';
import type { Principal } from '../context.js';
import { refreshFlags } from '../flags/refresh.js';
import type { RegistryStore } from '../registry-store.js';
import { getRound, type Round } from '../rounds/round.js';
import { checkSheet, syncSheet } from '../sync/sync-sheet.js';

export const DEMO_ROUND_ID = 'de-an-11';
export const COORDINATOR_AGENCY = 'so-khcn';
const TABLES = ['targets', 'tasks', 'budget'] as const satisfies readonly TableName[];

type Row = Record<string, string>;

/**
 * The source's own mistakes that would block a sync, corrected the way the agency would have to
 * (each one is reported by the checks on the untouched transcription; see db/demo/de-an-11/MISTAKES.md).
 */
const CORRECTIONS: Record<string, (row: Row, section: string) => Row> = {
  // Phụ lục III, I/B item 7: the lead "Công an tỉnh" is glued onto the task name.
  'budget:I/B:7': (r) => (r.lead ? r : { ...r, name: r.name!.replace(/\s*Công an tỉnh$/, ''), lead: 'Công an tỉnh' }),
  // Phụ lục I, III.6: the DTI target is a rank ("nhóm 10 tỉnh dẫn đầu"); its unit was left empty.
  'targets:III:6': (r) => ({ ...r, unit: r.unit || 'Thứ hạng' }),
  // Phụ lục I, V.5: "tối thiểu 2 tiến sĩ, 10 thạc sỹ" has neither unit nor target.
  'targets:V:5': (r) => ({ ...r, unit: r.unit || 'Người', target: r.target || '2 tiến sĩ, 10 thạc sĩ' }),
};

function readAppendix(table: TableName, dir: string): Row[] {
  const url = new URL(`../../db/demo/${dir}/${table}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { rows: Row[] }).rows;
}

export interface DemoItem {
  table: TableName;
  uid: string;
  section: string;
  row: Row;
}

/** The appendix turned into sheet rows with their section paths, and the outline of headings. */
export function demoItems(table: TableName, dir = DEMO_ROUND_ID): { outline: OutlineEntry[]; items: DemoItem[] } {
  const rows = readAppendix(table, dir);
  const places = classifyAppendix(tableDef(table), rows);
  const outline: OutlineEntry[] = [];
  const items: DemoItem[] = [];
  let section = '';
  let path = '';
  let subCount = 0;
  let lastCode = '';
  let subrow = 0;
  places.forEach((place, i) => {
    const row = rows[i]!;
    if (place.kind === 'section') {
      section = place.code.text;
      path = section;
      subCount = 0;
      outline.push({ path, title: row[tableDef(table).nameKey]! });
    } else if (place.kind === 'subsection') {
      // The source repeats "B" in Phụ lục III section I; the next letter is what it should be.
      subCount += 1;
      path = `${section}/${toLetter(subCount)}`;
      outline.push({ path, title: row[tableDef(table).nameKey]! });
    } else if (place.kind === 'item' || place.kind === 'subitem') {
      let code = row.code ?? '';
      // Unnumbered sub-rows of Phụ lục I hang under the item above; a sheet row needs a code, so they get "4.1", "4.2".
      if (code === '') code = `${lastCode}.${++subrow}`;
      else if (!code.includes('.')) {
        lastCode = code;
        subrow = 0;
      }
      const fix = CORRECTIONS[`${table}:${path}:${code}`];
      const fixed = { ...row, code };
      items.push({
        table,
        uid:
          dir === DEMO_ROUND_ID
            ? `demo-${table}-${String(i).padStart(3, '0')}`
            : `${dir}-${table}-${String(i).padStart(3, '0')}`,
        section: path,
        row: fix ? fix(fixed, path) : fixed,
      });
    }
  });
  return { outline, items };
}

/** A plan round transcribed under db/demo/<id>/, one JSON file per table. */
export interface DemoPlan {
  id: string;
  name: string;
  tables: readonly TableName[];
  periodStart: number;
  periodEnd: number;
  dueDate: string;
  declaredTotals: JsonObject | null;
}

const DE_AN_11: DemoPlan = {
  id: DEMO_ROUND_ID,
  name: 'Kế hoạch thực hiện Đề án 11 giai đoạn 2026–2030 (dữ liệu mẫu)',
  tables: TABLES,
  periodStart: 2026,
  periodEnd: 2030,
  dueDate: '2026-12-15',
  // The plan's section IV "Kinh phí" states these figures in its text.
  declaredTotals: {
    grand: 9_615_243,
    years: { '2026': 1_625_520, '2027': 2_230_820, '2028': 2_417_820, '2029': 2_012_563, '2030': 1_328_520 },
    sources: { provincial: 5_966_098, central: 576_145, non_state: 3_073_000 },
  },
};

/** Create and fill the demo round unless it exists. Returns true when it was loaded now. */
export function loadDemoRound(db: Kysely<Database>, registry: RegistryStore, now = new Date()): Promise<boolean> {
  return loadDemoPlan(db, registry, DE_AN_11, now);
}

/** Create and fill a transcribed plan round unless it exists, every row through the sync path. */
export async function loadDemoPlan(
  db: Kysely<Database>,
  registry: RegistryStore,
  plan: DemoPlan,
  now = new Date(),
): Promise<boolean> {
  const exists = await db.selectFrom('rounds').select('id').where('id', '=', plan.id).executeTakeFirst();
  if (exists) return false;
  const matcher = await registry.matcher();
  const outline: Outline = {};
  const byOwner = new Map<string, { table: TableName; owner: string; onBehalf: boolean; items: DemoItem[] }>();
  for (const table of plan.tables) {
    const { outline: entries, items } = demoItems(table, plan.id);
    outline[table] = entries;
    const leadKey = tableDef(table).leadKey!;
    items.forEach((item, k) => {
      // A parent item without a lead of its own goes where its first sub-item goes.
      const next = items[k + 1];
      const lead =
        item.row[leadKey] || (next?.row.code?.startsWith(`${item.row.code}.`) ? next.row[leadKey] : '') || '';
      const known = matcher.matchList(lead).flatMap((m) => (m.via === 'unknown' ? [] : [m.agency]));
      const single = known.length === 1 && known[0]!.kind !== 'group' && known[0]!.kind !== 'enterprise';
      const owner = known[0]?.id ?? COORDINATOR_AGENCY;
      const key = `${table}|${owner}`;
      const entry = byOwner.get(key) ?? { table, owner, onBehalf: !single, items: [] };
      entry.onBehalf &&= !single;
      entry.items.push(item);
      byOwner.set(key, entry);
    });
  }
  const owners = [...new Set([...byOwner.values()].map((e) => e.owner))];
  const realAgencies = [];
  for (const id of owners) if ((await registry.get(id))?.kind !== 'group') realAgencies.push(id);
  await db
    .insertInto('rounds')
    .values({
      id: plan.id,
      name: plan.name,
      kind: 'plan',
      period_start: plan.periodStart,
      period_end: plan.periodEnd,
      due_date: plan.dueDate,
      status: 'open',
      outline: toJsonb(outline),
      expected_agencies: toJsonb(realAgencies.sort()),
      declared_totals: toJsonb(plan.declaredTotals),
      created_at: now,
      updated_at: now,
    })
    .execute();
  const round = await getRound(db, plan.id);
  // Group rows are sent before the agencies' sub-items arrive, so the loader tells the checks what the plan has.
  const parents = new Map<TableName, Set<string>>(
    plan.tables.map((t) => [
      t,
      parentKeysOf(demoItems(t, plan.id).items.map((i) => ({ section: i.section, code: i.row.code ?? '' }))),
    ]),
  );
  for (const entry of byOwner.values())
    await syncDemoSheet(db, round, entry, matcher, registry, now, parents.get(entry.table)!);
  await refreshFlags(db, { round, matcher, now });
  return true;
}

async function syncDemoSheet(
  db: Kysely<Database>,
  round: Round,
  entry: { table: TableName; owner: string; onBehalf: boolean; items: DemoItem[] },
  matcher: Awaited<ReturnType<RegistryStore['matcher']>>,
  registry: RegistryStore,
  now: Date,
  parentKeys: ReadonlySet<string>,
) {
  const principal: Principal = entry.onBehalf
    ? {
        tokenId: 'demo-loader',
        role: 'coordinator',
        agencyId: COORDINATOR_AGENCY,
        label: `${await registry.name(COORDINATOR_AGENCY)} (nhập thay)`,
      }
    : { tokenId: 'demo-loader', role: 'agency', agencyId: entry.owner, label: await registry.name(entry.owner) };
  const body = { baseVersion: 0, rows: entry.items.map((it) => ({ uid: it.uid, section: it.section, ...it.row })) };
  const findings = checkSheet({ round, table: entry.table, body, matcher, parentKeys });
  await syncSheet(
    db,
    {
      round,
      table: entry.table,
      agencyId: entry.owner,
      principal,
      body,
      matcher,
      now,
      idempotencyKey: `demo-${round.id}-${entry.table}-${entry.owner}`,
      requestHash: `demo-${round.id}-${entry.table}-${entry.owner}`,
    },
    findings,
  );
}
