/**
 * A large round for the scaling test, made of the real names of plan 003 with suffixes: most
 * rows carry one of a few common qualifiers (so names repeat across sheets, as templates do in a
 * real round), a third carry a numbered suffix of their own (so thousands of names are distinct
 * but alike), and some are copied into a second agency's sheet.
 */
import type { SheetRowRecord } from '../../domain/index.js';
import { copyRow, hashCells, realRows, registry } from './real-rows.js';

const QUALIFIERS = ['', ' (bổ sung)', ' năm 2027', ' giai đoạn 2', ' tại cơ sở', ' (điều chỉnh)'] as const;

export function generatedRound(count: number, seed = 7): SheetRowRecord[] {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    // The low bits of this generator cycle quickly; the high ones do not.
    return (state >>> 8) % n;
  };
  const tasks = realRows('tasks');
  const budget = realRows('budget');
  const agencies = registry.agencies.filter((a) => a.kind !== 'group').map((a) => a.id);
  const numbers = new Map<string, number>();
  const out: SheetRowRecord[] = [];
  for (let i = 0; out.length < count; i++) {
    const base = rand(4) === 0 ? budget[rand(budget.length)]! : tasks[rand(tasks.length)]!;
    const agencyId = rand(5) === 0 ? agencies[rand(agencies.length)]! : base.agencyId;
    const key = `${agencyId}|${base.table}|${base.section}`;
    const code = (numbers.get(key) ?? 0) + 1;
    numbers.set(key, code);
    const suffix = rand(3) === 0 ? ` (hạng mục ${i + 1})` : QUALIFIERS[rand(QUALIFIERS.length)]!;
    const cells = { ...base.cells, name: `${String(base.cells.name)}${suffix}` };
    const row: SheetRowRecord = {
      ...base,
      uid: `gen-${i}`,
      agencyId,
      code: String(code),
      cells,
      rowHash: hashCells(cells),
    };
    out.push(row);
    if (rand(20) === 0 && out.length < count)
      out.push(copyRow(row, agencies[rand(agencies.length)]!, {}, `gen-${i}-copy`));
  }
  return out;
}
