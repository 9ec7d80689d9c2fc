/**
 * The real appendices of plan 003 (db/demo/de-an-11) as a round's stored rows: each item goes to
 * the sheet of its first lead agency, with the section path of the heading rows above it.
 */
import { readFileSync } from 'node:fs';
import { fnv1a64 } from '../../domain/consistency/hash.js';
import {
  AgencyMatcher,
  parseVnNumber,
  type Registry,
  registrySchema,
  type SheetRowRecord,
  toLetter,
} from '../../domain/index.js';

type RawRow = Record<string, string | undefined>;
export type RealTable = 'tasks' | 'budget';

const root = new URL('../../db/', import.meta.url);

export const registry: Registry = registrySchema.parse(
  JSON.parse(readFileSync(new URL('registry/lao-cai.json', root), 'utf8')),
);
export const matcher = new AgencyMatcher(registry);
const names = new Map(registry.agencies.map((a) => [a.id, a.name]));
export const agencyName = (id: string): string => names.get(id) ?? id;

/** Who compiles rows nobody leads (budget I/B 7 has an empty lead cell): the focal point. */
export const FALLBACK_AGENCY = 'so-khcn';

const AMOUNT_KEYS = ['total', 'y2026', 'y2027', 'y2028', 'y2029', 'y2030'] as const;

function loadRaw(table: RealTable): RawRow[] {
  return (JSON.parse(readFileSync(new URL(`demo/de-an-11/${table}.json`, root), 'utf8')) as { rows: RawRow[] }).rows;
}

/** Content hash of a row, as the service stores it in `rowHash`. */
export function hashCells(cells: SheetRowRecord['cells']): string {
  return fnv1a64(
    JSON.stringify(
      Object.keys(cells)
        .sort()
        .map((k) => [k, cells[k]]),
    ),
  );
}

export function firstLeadId(lead: string | undefined): string {
  for (const m of matcher.matchList(lead ?? '')) if (m.via !== 'unknown') return m.agency.id;
  return FALLBACK_AGENCY;
}

/**
 * Item rows of a real table as SheetRowRecords. A sub-section letter that repeats (budget
 * section I has "B" twice, see MISTAKES.md) takes the next letter: a round's outline has one
 * path per heading, so the coordinator would have entered the second "B" as "I/C".
 */
export function realRows(table: RealTable): SheetRowRecord[] {
  const out: SheetRowRecord[] = [];
  let section = '';
  let letters = 0;
  let path = '';
  loadRaw(table).forEach((raw, index) => {
    const code = (raw.code ?? '').trim();
    if (/^[IVX]+$/.test(code)) {
      section = code;
      letters = 0;
      path = section;
      return;
    }
    if (/^[A-Z]$/.test(code)) {
      letters++;
      path = `${section}/${toLetter(letters)}`;
      return;
    }
    // The column-number row ("1", "2" … "10") and the grand total carry no task.
    if (!raw.name || raw.name === '2' || section === '') return;
    const cells: SheetRowRecord['cells'] = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'code') continue;
      if ((AMOUNT_KEYS as readonly string[]).includes(key)) {
        const parsed = parseVnNumber(value ?? '');
        cells[key] = parsed.ok ? parsed.value : null;
      } else cells[key] = (value ?? '').normalize('NFC');
    }
    out.push({
      table,
      uid: `${table}-${String(index).padStart(3, '0')}`,
      agencyId: firstLeadId(raw.lead),
      section: path,
      code,
      cells,
      rowHash: hashCells(cells),
    });
  });
  return out;
}

/** Both real tables, tasks first. */
export function realRound(): SheetRowRecord[] {
  return [...realRows('tasks'), ...realRows('budget')];
}

/** A copy of a row in another agency's sheet, with some cells changed. */
export function copyRow(
  row: SheetRowRecord,
  agencyId: string,
  changes: SheetRowRecord['cells'] = {},
  uid = `${row.uid}-copy-${agencyId}`,
): SheetRowRecord {
  const cells = { ...row.cells, ...changes };
  return { ...row, uid, agencyId, cells, rowHash: hashCells(cells) };
}

/** The same row with some cells changed (same uid, new hash). */
export function editRow(row: SheetRowRecord, changes: SheetRowRecord['cells']): SheetRowRecord {
  const cells = { ...row.cells, ...changes };
  return { ...row, cells, rowHash: hashCells(cells) };
}
