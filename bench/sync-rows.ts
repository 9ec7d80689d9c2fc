/**
 * Agencies' budget sheets as the Excel add-in sends them, from the real rows of plan 003 (demo
 * round): sections and partners of real Phụ lục III items, the agency itself as lead (spelled
 * the ways people type it), and fresh amounts written the Vietnamese way whose years add up to
 * the total. Items are numbered per section within each sheet, as agencies number them.
 *
 * Names follow what a real round looks like to the consistency rules: most rows are the agency's
 * own tasks (a real task name's first clause with an item number unique in the round, so no two
 * are alike), and 3% are province-wide templates sent verbatim by many agencies with their own
 * money (one task, several agencies, different amounts: what conflicting_amounts is for).
 * Suffixing whole real names instead would make every long name's head (its first clause) a
 * near-duplicate of the same task in every other sheet, which no real round looks like.
 */
import { demoItems } from '../service/demo/demo-round.js';

export type SheetRow = { uid: string; section: string; code: string } & Record<string, string>;

/** mulberry32: reproducible and without low-bit patterns. */
export function prng(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const vn = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const firstClause = (name: string) => name.split(/[,;:(]| - | – /)[0]!.trim();

// Leaf items only: a sub-item ("1.2") needs its parent in the same sheet.
const BUDGET = demoItems('budget').items.filter((i) => /^\d+$/.test(i.row.code ?? '') && i.row.name);
const TEMPLATES = BUDGET.filter((_, i) => i % 4 === 0).map((i) => i.row.name!);
// Task names, not budget lines, and none that begins a template: the plan repeats some lines with
// other wording (IV 11 / IV 12 in MISTAKES.md), and a template would be a duplicate of every copy.
const OWN = [...new Set(demoItems('tasks').items.map((i) => firstClause(i.row.name ?? '')))].filter(
  (n) => n !== '' && !TEMPLATES.some((t) => firstClause(t) === n),
);

/** Spellings that real sheets mix for an agency's own name. */
const SPELLINGS: ReadonlyArray<(s: string) => string> = [
  (s) => s,
  (s) => s,
  (s) => s,
  (s) => s.normalize('NFD'),
  (s) => s.replace(/hóa/g, 'hoá').replace(/Ủy/g, 'Uỷ').replace(/thủy/g, 'thuỷ'),
];

/**
 * `count` rows of the `index`-th agency's budget sheet. `variant` changes names and amounts of
 * every row (a re-sync that edits every row) while keeping uids, sections and codes.
 */
export function agencySheet(
  agency: { id: string; name: string },
  count: number,
  index: number,
  variant = 0,
): SheetRow[] {
  const rand = prng(index + 1);
  const money = prng((index + 1) * 7919 + variant);
  const next = new Map<string, number>();
  const rows: SheetRow[] = [];
  for (let k = 1; k <= count; k++) {
    const place = BUDGET[rand(BUDGET.length)]!;
    const n = (next.get(place.section) ?? 0) + 1;
    next.set(place.section, n);
    const template = rand(100) < 3;
    const name = template
      ? TEMPLATES[rand(TEMPLATES.length)]!
      : `${OWN[rand(OWN.length)]} (hạng mục ${index * count + k}${variant ? `.${variant}` : ''})`;
    const row: SheetRow = {
      uid: `${agency.id}-${k}`,
      section: place.section,
      code: String(n),
      name,
      lead: SPELLINGS[rand(SPELLINGS.length)]!(agency.name),
      partners: place.row.partners ?? '',
      total: '',
    };
    let total = 0;
    for (let y = 2026; y <= 2030; y++) {
      const v = money(4) === 0 ? 0 : (1 + money(500)) * 10;
      row[`y${y}`] = v === 0 ? '' : vn(v);
      total += v;
    }
    row.total = vn(total);
    rows.push(row);
  }
  return rows;
}
