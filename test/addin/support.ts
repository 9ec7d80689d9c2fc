/** A fake Excel workbook driven through the real adapter, with the Lào Cai registry and the demo outline. */

import { ExcelWorkbook, type StateStore } from '../../addin/excel/adapter.js';
import type { CheckSetup } from '../../addin/sheet/check.js';
import type { LayoutInput } from '../../addin/sheet/layout.js';
import { emptyState, type WorkbookState } from '../../addin/sheet/port.js';
import type { SheetRowValues } from '../../addin/sheet/rows.js';
import { realisticRows } from '../../bench/realistic-rows.js';
import type { OutlineEntry } from '../../domain/index.js';
import { AgencyMatcher, type TableName, tableDef } from '../../domain/index.js';
import { demoItems } from '../../service/demo/demo-round.js';
import { createFakeExcel, type FakeOptions } from '../support/fake-excel/index.js';
import { versionAtLeast } from '../support/fake-excel/proxies.js';
import { registry } from '../support/fixtures.js';

export const period = { from: 2026, to: 2030 };
export const outline = { tasks: demoItems('tasks').outline, budget: demoItems('budget').outline };
export const matcher = new AgencyMatcher(registry);

export function layoutInput(table: TableName): LayoutInput {
  return {
    table,
    period,
    roundName: 'Đợt thử nghiệm',
    agencyName: 'Sở Y tế',
    outline,
    agencies: registry.agencies.map((a) => a.name),
  };
}

export function checkSetup(table: TableName, notes = true, roundParents: ReadonlySet<string> = new Set()): CheckSetup {
  return {
    def: tableDef(table, period),
    period,
    matcher,
    sections: (outline[table as 'budget'] ?? []).map((e) => e.path),
    roundParents,
    notes,
  };
}

/** A fake host installed on globalThis, and the adapter over it with state kept in the document settings. */
export function fakeWorkbook(options: FakeOptions = {}) {
  const fake = createFakeExcel(options);
  fake.install(globalThis as unknown as Record<string, unknown>);
  const store: StateStore = {
    get: () => (fake.state.wb.settings['tonghop.state'] as WorkbookState | undefined) ?? emptyState(),
    set: async (s) => {
      fake.state.wb.settings['tonghop.state'] = structuredClone(s);
    },
  };
  const workbook = new ExcelWorkbook({ notes: versionAtLeast(options.apiVersion ?? '1.18', '1.18') }, store);
  return { fake, workbook, store };
}

/**
 * `count` realistic rows in an agency sheet's layout (each item with its section path, no
 * heading rows), and the outline they fit, from bench/realistic-rows.ts.
 */
export function sheetRows(
  table: 'budget' | 'tasks',
  count: number,
): { rows: SheetRowValues[]; outline: OutlineEntry[] } {
  const appendix = realisticRows(table, Math.ceil(count * 1.01) + 40);
  const rows: SheetRowValues[] = [];
  const outline: OutlineEntry[] = [];
  let section = '';
  let path = '';
  for (const r of appendix) {
    const code = String(r.code ?? '');
    if (/^[IVXL]+$/.test(code)) {
      section = code;
      path = code;
      outline.push({ path, title: String(r.name) });
    } else if (/^[A-Z]$/.test(code)) {
      path = `${section}/${code}`;
      outline.push({ path, title: String(r.name) });
    } else if (rows.length < count) {
      rows.push({ ...r, uid: `u${rows.length}`, section: path } as SheetRowValues);
    }
  }
  return { rows, outline };
}
