/**
 * The round index (service/flags/round-index.ts) files each row under the rarest words of its
 * name, and a sync's scope finds candidates through that filing. Rows that join the index must
 * be filed as a filing of the whole index would file them: a word that a re-sent sheet's rows
 * all share (a new wording, a new year) is common among them, and filed as rare it would make
 * every one of them a candidate of every other.
 */
import { describe, expect, it } from 'vitest';
import { loadRegistryFile } from '../../db/registry-file.js';
import { AgencyMatcher, tableDef } from '../../domain/index.js';
import { demoItems } from '../../service/demo/demo-round.js';
import { type IndexedRow, prefixes, RoundIndex } from '../../service/flags/round-index.js';
import { rowHash, storedCells } from '../../service/sync/stored-row.js';

const registry = loadRegistryFile();
const def = tableDef('budget');
// Real Phụ lục III lines with a name, as one agency's budget sheet.
const lines = demoItems('budget')
  .items.filter((i) => i.row.name)
  .slice(0, 60);

function sheet(agencyId: string, rename: (name: string) => string): IndexedRow['record'][] {
  return lines.map((item, k) => {
    const row = { ...item.row, name: rename(item.row.name!) };
    const cells = storedCells(def, row);
    const code = String(k + 1);
    return {
      table: 'budget',
      agencyId,
      uid: `${agencyId}-${k}`,
      section: item.section,
      code,
      cells,
      rowHash: rowHash(item.section, code, cells),
    };
  });
}

/** Each row of the index against the filing that a filing of the whole index gives it. */
function misfiled(index: RoundIndex): string[] {
  const weight = index.weights([]);
  return [...index.rows()]
    .filter((r) => JSON.stringify(r.filedAs) !== JSON.stringify(prefixes(r, weight)))
    .map((r) => r.record.uid);
}

describe('round index filing', () => {
  const matcher = new AgencyMatcher(registry);

  it('files a sheet that joins the index with the weights of the index it joins', () => {
    const index = new RoundIndex('r', { from: 2026, to: 2030 }, matcher);
    index.hold(
      'budget',
      'so-tai-chinh',
      1,
      sheet('so-tai-chinh', (n) => n),
    );
    expect(index.size).toBe(lines.length);
    expect(misfiled(index)).toEqual([]);
  });

  it('files a re-sent sheet whose every name changed as a whole filing would', () => {
    const index = new RoundIndex('r', { from: 2026, to: 2030 }, matcher);
    const before = index.hold(
      'budget',
      'so-tai-chinh',
      1,
      sheet('so-tai-chinh', (n) => n),
    );
    // Every line of the sheet now carries the same new words.
    const added = sheet('so-tai-chinh', (n) => `${n} giai đoạn hai`).map((r) => index.read(r));
    index.update('budget', 'so-tai-chinh', 1, 2, new Set(before), added, undefined);
    expect(index.size).toBe(lines.length);
    expect(misfiled(index)).toEqual([]);
  });
});
