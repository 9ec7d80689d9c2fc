/**
 * A large round for the scaling test: real names of plan 003 with a numbered suffix, spread
 * over the real agencies' sheets, with some rows copied into a second sheet (the cross-agency
 * duplicates the rules must find) and some in a sheet that does not lead them.
 */
import type { SheetRowRecord } from '../../domain/index.js';
import { copyRow, hashCells, realRows, registry } from './real-rows.js';

export function generatedRound(count: number, seed = 7): SheetRowRecord[] {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    // The low bits of this generator cycle quickly; the high ones do not.
    return (state >>> 8) % n;
  };
  const tasks = realRows('tasks');
  const budget = realRows('budget');
  const others = registry.agencies.filter((a) => a.kind !== 'group').map((a) => a.id);
  const numbers = new Map<string, number>();
  const out: SheetRowRecord[] = [];
  for (let i = 0; out.length < count; i++) {
    const base = rand(4) === 0 ? budget[rand(budget.length)]! : tasks[rand(tasks.length)]!;
    const agencyId = rand(10) === 0 ? others[rand(others.length)]! : base.agencyId;
    const key = `${agencyId}|${base.table}|${base.section}`;
    const code = (numbers.get(key) ?? 0) + 1;
    numbers.set(key, code);
    const cells = { ...base.cells, name: `${String(base.cells.name)} (hạng mục ${i + 1})` };
    const row: SheetRowRecord = { ...base, uid: `gen-${i}`, agencyId, code: String(code), cells, rowHash: hashCells(cells) };
    out.push(row);
    if (rand(20) === 0 && out.length < count) out.push(copyRow(row, others[rand(others.length)]!, {}, `gen-${i}-copy`));
  }
  return out;
}
