import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lockedKeys, tableDef } from '../../domain/index.js';
import { checkProgressRows, lockedCellChanges, parseVnDate } from '../../domain/progress/checks.js';
import { TASK_PROGRESS_STATUSES } from '../../domain/progress/status.js';

// A real task of Đề án 11 (Phụ lục II, item 1.2), as the plan round holds it.
const plan = JSON.parse(readFileSync(new URL('../../db/demo/de-an-11/tasks.json', import.meta.url), 'utf8'))
  .rows[3] as Record<string, string>;
const progress = tableDef('progress');
const options = { today: '2026-06-10', planStart: '2026-01-01' };

const row = (cells: Record<string, unknown>) => ({ ...plan, ...cells });

describe('progress tables', () => {
  it('carry the plan columns of tasks and targets, locked, then the agency’s own', () => {
    expect(lockedKeys(progress)).toEqual(tableDef('tasks').columns.map((c) => c.key));
    expect(progress.columns.filter((c) => !c.locked).map((c) => c.key)).toEqual([
      'status',
      'completedOn',
      'result',
      'disbursed',
      'difficulties',
      'proposals',
    ]);
    expect(progress.columns.find((c) => c.key === 'status')!.choices).toEqual(TASK_PROGRESS_STATUSES);
    const targets = tableDef('target-progress');
    expect(lockedKeys(targets)).toEqual(tableDef('targets').columns.map((c) => c.key));
    expect(targets.columns.filter((c) => !c.locked).map((c) => c.header)).toEqual(['Giá trị đạt được', 'Ghi chú']);
  });

  it('reads Vietnamese dates and refuses impossible ones', () => {
    expect(parseVnDate('20/5/2026')).toBe('2026-05-20');
    expect(parseVnDate('05/06/2026')).toBe('2026-06-05');
    expect(parseVnDate('31/6/2026')).toBeNull();
    expect(parseVnDate('2026-06-05')).toBeNull();
  });
});

describe('checkProgressRows', () => {
  const codes = (rows: Record<string, unknown>[], planned?: number) =>
    checkProgressRows(progress, rows, {
      ...options,
      plannedForYear: planned === undefined ? undefined : () => planned,
    }).map((f) => [f.row, f.column?.key, f.code, f.severity]);

  it('asks for the date and the result of a finished task', () => {
    expect(codes([row({ status: 'Hoàn thành', completedOn: '', result: '' })])).toEqual([
      [1, 'completedOn', 'done_without_date', 'error'],
      [1, 'result', 'done_without_result', 'warning'],
    ]);
    expect(codes([row({ status: 'Hoàn thành', completedOn: '15/3/2026', result: plan.output })])).toEqual([]);
  });

  it('refuses a completion date in the future or before the plan', () => {
    expect(codes([row({ status: 'Hoàn thành', completedOn: '11/6/2026', result: 'x' })])).toEqual([
      [1, 'completedOn', 'date_in_future', 'error'],
    ]);
    expect(codes([row({ status: 'Hoàn thành', completedOn: '31/12/2025', result: 'x' })])).toEqual([
      [1, 'completedOn', 'date_before_plan', 'error'],
    ]);
    expect(codes([row({ status: 'Xong', completedOn: '2026/3/15' })])).toEqual([
      [1, 'status', 'type', 'error'],
      [1, 'completedOn', 'type', 'error'],
    ]);
  });

  it('warns when the disbursed amount passes the year’s plan', () => {
    expect(codes([row({ status: 'Đang triển khai', disbursed: '1.250,5' })], 1000)).toEqual([
      [1, 'disbursed', 'disbursed_over_plan', 'warning'],
    ]);
    expect(codes([row({ status: 'Đang triển khai', disbursed: '1.000' })], 1000)).toEqual([]);
  });
});

describe('lockedCellChanges', () => {
  it('names the plan cell a sync changes, and nothing else', () => {
    const planRows = [{ ...plan, rowId: 'r1' }];
    const sent = [
      { ...plan, rowId: 'r1', timeframe: 'Quý II/2026', status: 'Đang triển khai', result: 'Đã trình dự thảo' },
    ];
    const changes = lockedCellChanges(progress, planRows, sent);
    expect(changes.map((c) => [c.row, c.key, c.planned, c.sent])).toEqual([
      [1, 'timeframe', 'Quý I/2026', 'Quý II/2026'],
    ]);
    expect(changes[0]!.message).toContain('«Thời gian thực hiện»');
    expect(lockedCellChanges(progress, planRows, [{ ...plan, rowId: 'r1', status: 'Hoàn thành' }])).toEqual([]);
  });
});
