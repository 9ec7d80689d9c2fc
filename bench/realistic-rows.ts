/**
 * Large tables of realistic Vietnamese rows, built from the transcribed appendices of plan 003:
 * real task names and agency cells (with the variants people type), fresh amounts and codes.
 */
import { readFileSync } from 'node:fs';
import { toLetter, toRoman } from '../domain/index.js';

type Row = Record<string, string | number | null>;

function load(table: string): Row[] {
  const url = new URL(`../db/demo/de-an-11/${table}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { rows: Row[] }).rows.filter(
    (r) => /^\d+(\.\d+)*$/.test(String(r.code ?? '')) && r.name !== '2',
  );
}

/** Spellings that real sheets mix: abbreviations, old tone marks, decomposed Unicode. */
const VARIANTS: ReadonlyArray<(s: string) => string> = [
  (s) => s,
  (s) => s,
  (s) => s.replace('Sở Khoa học và Công nghệ', 'Sở KH&CN'),
  (s) => s.replace(/hóa/g, 'hoá').replace(/Ủy/g, 'Uỷ'),
  (s) => s.normalize('NFD'),
  (s) => s.replace('Sở Văn hóa, Thể thao và Du lịch', 'Sở VHTT&DL'),
];

const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** `count` rows in appendix layout: sections I…, sub-sections A–E, items numbered within each. */
export function realisticRows(table: 'budget' | 'tasks', count: number, seed = 1): Row[] {
  const source = load(table);
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const perSub = 1000;
  const rows: Row[] = [];
  let item = 0;
  for (let section = 1; rows.length < count; section++) {
    rows.push({ code: toRoman(section), name: `NHÓM NHIỆM VỤ SỐ ${section}` });
    for (let sub = 1; sub <= 5 && rows.length < count; sub++) {
      rows.push({ code: toLetter(sub), name: `Tiểu mục ${toLetter(sub)} của mục ${section}` });
      for (let n = 1; n <= perSub && rows.length < count; n++) {
        const base = source[rand(source.length)]!;
        const variant = VARIANTS[rand(VARIANTS.length)]!;
        const row: Row = { ...base, code: String(n), name: `${base.name} (hạng mục ${++item})` };
        row.lead = variant(String(base.lead ?? ''));
        row.partners = variant(String(base.partners ?? ''));
        if (table === 'budget') {
          let total = 0;
          for (let y = 2026; y <= 2030; y++) {
            const v = rand(4) === 0 ? 0 : (1 + rand(500)) * 100;
            row[`y${y}`] = v === 0 ? '' : fmt(v);
            total += v;
          }
          row.total = fmt(total);
        }
        rows.push(row);
      }
    }
  }
  return rows;
}
