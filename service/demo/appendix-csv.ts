/**
 * The transcribed appendices in db/demo as .csv files beside their JSON: what a province's staff
 * would have in hand, for the CLI (`cli validate`) and for trying the checks on real tables. They
 * are written from the JSON files, the one source of the transcriptions, with the merged export's
 * own CSV field writer, and a test keeps them equal. Run after changing a JSON file:
 * npx tsx service/demo/appendix-csv.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parsePeriod, type TableName, tableDef } from '../../domain/index.js';
import { csvField } from '../exports/merged-csv.js';

/** The JSON transcriptions that have a .csv beside them (same name, .csv). */
export const APPENDIX_FILES = [
  'de-an-11/targets.json',
  'de-an-11/tasks.json',
  'de-an-11/budget.json',
  'priorities-002.json',
] as const;

/** A transcription as .csv: the official headers, then every row as printed; UTF-8 with a BOM, which Excel needs to read Vietnamese. */
export function appendixCsv(json: { table: TableName; period?: string; rows: Record<string, string>[] }): string {
  const def = tableDef(json.table, json.period ? parsePeriod(json.period) : undefined);
  const lines = [
    def.columns.map((c) => csvField(c.header)),
    ...json.rows.map((r) => def.columns.map((c) => csvField(r[c.key] ?? ''))),
  ];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

export const demoPath = (file: string) => fileURLToPath(new URL(`../../db/demo/${file}`, import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of APPENDIX_FILES) {
    writeFileSync(
      demoPath(file.replace(/\.json$/, '.csv')),
      appendixCsv(JSON.parse(readFileSync(demoPath(file), 'utf8'))),
    );
    console.log(`Đã ghi ${file.replace(/\.json$/, '.csv')}`);
  }
}
