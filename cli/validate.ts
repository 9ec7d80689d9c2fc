/** `cli validate --table T FILE [--json] [--period 2026-2030]`: check a table file. */
import { parseArgs } from 'node:util';
import { loadRegistryFile } from '../db/registry-file.js';
import {
  DEFAULT_PERIOD,
  type Finding,
  hasErrors,
  type Period,
  parsePeriod,
  TABLE_NAMES,
  type TableName,
  tableDef,
  validateTable,
} from '../domain/index.js';
import { readTableFile, TableReadError } from './read-table.js';

export const validateUsage =
  'npm run --silent cli -- validate --table <targets|tasks|budget|priorities> FILE [--json] [--period 2026-2030] [--registry FILE]';

export async function runValidate(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        table: { type: 'string' },
        json: { type: 'boolean' },
        period: { type: 'string' },
        registry: { type: 'string' },
      },
      allowPositionals: true,
    }));
  } catch (e) {
    err(`${(e as Error).message}\nCách dùng: ${validateUsage}`);
    return 2;
  }
  const table = values.table as TableName | undefined;
  if (!table || !TABLE_NAMES.includes(table) || positionals.length !== 1) {
    err(`Cần chỉ rõ bảng (--table ${TABLE_NAMES.join('|')}) và đúng một tệp.\nCách dùng: ${validateUsage}`);
    return 2;
  }
  let requested: Period | undefined;
  try {
    requested = values.period ? parsePeriod(values.period) : undefined;
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
  let read;
  let registry;
  try {
    read = await readTableFile(positionals[0]!, table, requested);
    registry = loadRegistryFile(values.registry);
  } catch (e) {
    err(e instanceof TableReadError ? e.message : `Không đọc được: ${(e as Error).message}`);
    return 2;
  }
  const period = requested ?? read.period ?? DEFAULT_PERIOD;
  const report = validateTable(read.rows, {
    table,
    period,
    registry,
    // Another row named in a message is named by its line in the file, as the header line is.
    rowNumber: (row) => read.lines[row - 1] ?? row,
  });
  if (values.json) out(JSON.stringify(report));
  else out(renderReport(table, period, report.rows, report.findings, read.lines, read.rows));
  return hasErrors(report.findings) ? 1 : 0;
}

function renderReport(
  table: TableName,
  period: Period,
  rowCount: number,
  findings: readonly Finding[],
  lines: readonly number[],
  rows: readonly Record<string, unknown>[],
): string {
  const def = tableDef(table, period);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const during = def.periodBound ? ` (giai đoạn ${period.from}–${period.to})` : '';
  const out = [`${def.title}${during}: ${rowCount} dòng, ${errors} lỗi, ${warnings} cảnh báo.`];
  let current = -1;
  for (const f of findings) {
    if (f.row !== current) {
      current = f.row;
      const code = rows[f.row - 1]?.code;
      const tt = code === null || code === undefined || String(code).trim() === '' ? '' : `, TT ${String(code).trim()}`;
      out.push('', `Dòng ${f.row} (dòng ${lines[f.row - 1]} trong tệp${tt}):`);
    }
    const mark = f.severity === 'error' ? 'Lỗi' : 'Cảnh báo';
    const where = f.column ? ` [${f.column.header}]` : '';
    out.push(`  ${mark}${where}: ${f.message}`);
    if (f.suggestion !== null) out.push(`    Gợi ý sửa: ${f.suggestion}`);
  }
  if (findings.length === 0) out.push('Không có lỗi hay cảnh báo nào.');
  return out.join('\n');
}
