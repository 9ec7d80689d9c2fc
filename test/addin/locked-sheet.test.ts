/** Plan columns of a progress sheet, against the fake Excel host through the real adapter. */
import { describe, expect, it } from 'vitest';
import { checkNotice } from '../../addin/pane/notices.js';
import { planCheck } from '../../addin/sheet/check.js';
import { buildTableSheet, excelTableName } from '../../addin/sheet/layout.js';
import type { SheetRowValues } from '../../addin/sheet/rows.js';
import type { TableDef } from '../../domain/index.js';
import { checkSetup, fakeWorkbook, layoutInput } from './support.js';

const TABLE = excelTableName('tasks');
const PLAN = {
  code: '2.1',
  name: 'Xây dựng cơ sở dữ liệu ngành nông nghiệp xã Bản Lầu',
  lead: 'Sở Y tế',
  timeframe: '2026',
};
const row: SheetRowValues = { uid: 'u8', section: 'II', ...PLAN };

/** Where the insert wrote the lead, as an A1 address. */
function leadCell(cells: Record<number, Record<number, { v: unknown }>>): string {
  for (const [r, row] of Object.entries(cells))
    for (const [c, cell] of Object.entries(row))
      if (cell.v === PLAN.lead) return `${String.fromCharCode(65 + Number(c))}${Number(r) + 1}`;
  throw new Error('lead not written');
}

/** The tasks table with its plan columns marked as the progress table marks them. */
function lockedSetup() {
  const base = checkSetup('tasks');
  const def: TableDef = {
    ...base.def,
    columns: base.def.columns.map((c) => (['name', 'lead', 'timeframe'].includes(c.key) ? { ...c, locked: true } : c)),
  };
  return { ...base, def, planValues: new Map([['u8', PLAN]]) };
}

describe('a plan cell typed over in a progress sheet', () => {
  it('is put back on the next check, with a message naming the cell', async () => {
    const { fake, workbook } = fakeWorkbook();
    const inserted = await workbook.insertTable(TABLE, (existing) =>
      buildTableSheet(layoutInput('tasks'), { workbookId: 'wb', sheets: {} }, existing, [row]),
    );
    const sheet = inserted.sheetName;
    const address = leadCell(fake.sheet(sheet).cells);
    fake.user.type(sheet, address, 'Sở Tài chính');
    const result = await workbook.patchTable(TABLE, (snap) => planCheck(snap, lockedSetup(), { force: true }));
    expect(fake.value(sheet, address)).toBe('Sở Y tế');
    expect(result!.restored.map((m) => m.text)).toEqual([
      `Ô ${address} (Cơ quan chủ trì) lấy từ kế hoạch nên không sửa được; đã trả lại nội dung của kế hoạch «Sở Y tế». Nếu kế hoạch cần sửa, đề nghị báo Sở Khoa học và Công nghệ.`,
    ]);
    const notice = checkNotice(result!);
    expect(notice.kind).toBe('warning');
    expect(notice.text.startsWith(`Ô ${address} (Cơ quan chủ trì) lấy từ kế hoạch`)).toBe(true);
  });

  it('is left alone in a plan sheet, where the columns are the agency’s own', async () => {
    const { fake, workbook } = fakeWorkbook();
    const { sheetName } = await workbook.insertTable(TABLE, (existing) =>
      buildTableSheet(layoutInput('tasks'), { workbookId: 'wb', sheets: {} }, existing, [row]),
    );
    const address = leadCell(fake.sheet(sheetName).cells);
    fake.user.type(sheetName, address, 'Sở Tài chính');
    const result = await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('tasks')));
    expect(fake.value(sheetName, address)).toBe('Sở Tài chính');
    expect(result!.restored).toEqual([]);
  });
});
