/** The transcribed appendices of the real plans, and the Lào Cai registry, for tests. */
import { readFileSync } from 'node:fs';
import { loadRegistryFile } from '../../db/registry-file.js';
import type { TableName } from '../../domain/index.js';

export type FixtureRow = Record<string, string>;

export function appendix(table: Exclude<TableName, 'priorities'>): FixtureRow[] {
  const url = new URL(`../../db/demo/de-an-11/${table}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { rows: FixtureRow[] }).rows;
}

export function priorities002(): FixtureRow[] {
  const url = new URL('../../db/demo/priorities-002.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { rows: FixtureRow[] }).rows;
}

export const registry = loadRegistryFile();

/** Index of the first row with this code after the row with `after` code (codes repeat per section). */
export function rowIndex(rows: readonly FixtureRow[], code: string, after?: string): number {
  const from = after === undefined ? 0 : rows.findIndex((r) => r.code === after);
  const i = rows.findIndex((r, k) => k > from && r.code === code);
  if (i < 0) throw new Error(`no row ${code} after ${after}`);
  return i;
}
