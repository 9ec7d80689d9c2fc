/**
 * Full table checks against two type-only baselines on the same rows, in the same process:
 * a zod parse of the row schema and an Ajv-compiled JSON Schema of it.
 * Run: npm run bench:validate
 */
import { Ajv } from 'ajv';
import { z } from 'zod';
import { loadRegistryFile } from '../db/registry-file.js';
import { appendixRowSchema, AgencyMatcher, validateTable, type TableName } from '../domain/index.js';
import { fmtRate, rowsPerSecond } from './measure.js';
import { realisticRows } from './realistic-rows.js';

const COUNT = Number(process.env.BENCH_ROWS ?? 100_000);
const registry = loadRegistryFile();

for (const table of ['budget', 'tasks'] as const satisfies readonly TableName[]) {
  const rows = realisticRows(table, COUNT);
  const schema = z.array(appendixRowSchema(table));
  const validateAjv = new Ajv({ allErrors: false, allowUnionTypes: true }).compile(z.toJSONSchema(schema, { target: 'draft-7' }));
  const zodRate = rowsPerSecond(rows.length, () => schema.parse(rows));
  const ajvRate = rowsPerSecond(rows.length, () => {
    if (!validateAjv(rows)) throw new Error('ajv rejected the rows');
  });
  // A fresh matcher per run: its memo must be earned inside the timed run, not carried over.
  let findings = 0;
  const fullRate = rowsPerSecond(rows.length, () => {
    findings = validateTable(rows, { table, registry: new AgencyMatcher(registry) }).findings.length;
  });
  console.log(`${table}: ${rows.length} rows, ${findings} findings`);
  console.log(`  zod row schema     ${fmtRate(zodRate)}`);
  console.log(`  ajv JSON Schema    ${fmtRate(ajvRate)}`);
  console.log(`  full checks        ${fmtRate(fullRate)}  (${(fullRate / ajvRate).toFixed(2)}× ajv, ${(fullRate / zodRate).toFixed(2)}× zod)`);
}
