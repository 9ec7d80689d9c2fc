/**
 * Full table checks against two type-only baselines on the same rows, in the same process:
 * a zod parse of the row schema and an Ajv-compiled JSON Schema of it.
 * Run: npm run bench:validate
 *
 * Each measurement starts from a settled heap: a baseline leaves its garbage (zod copies every
 * row) for whatever runs next to collect, which charged the full checks for the baselines' work.
 * The full checks are measured before and after the baselines and the better figure is shown,
 * so the order of the three does not decide the comparison.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Ajv } from 'ajv';
import { z } from 'zod';
import { loadRegistryFile } from '../db/registry-file.js';
import { AgencyMatcher, appendixRowSchema, type TableName, validateTable } from '../domain/index.js';
import { fmtRate, rowsPerSecond } from './measure.js';
import { realisticRows } from './realistic-rows.js';

const COUNT = Number(process.env.BENCH_ROWS ?? 100_000);
const registry = loadRegistryFile();

/** A full collection between measurements (outside the timed runs), when the runtime lets us ask for one. */
const collect: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return () => gc();
  } catch {
    // Without it the measurements still run, only less evenly.
  }
  return () => {};
})();

/**
 * Warm-up runs before `rowsPerSecond` (which adds one): the engine keeps re-optimizing a
 * 100 000-row run for its first few rounds, and the best timed run should not depend on
 * whether a measurement came first in the process.
 */
const WARM_UP = 3;

function measure(rows: number, run: () => unknown): number {
  for (let i = 0; i < WARM_UP; i++) run();
  collect();
  return rowsPerSecond(rows, run);
}

for (const table of ['budget', 'tasks'] as const satisfies readonly TableName[]) {
  const rows = realisticRows(table, COUNT);
  const schema = z.array(appendixRowSchema(table));
  const validateAjv = new Ajv({ allErrors: false, allowUnionTypes: true }).compile(
    z.toJSONSchema(schema, { target: 'draft-7' }),
  );
  // A fresh matcher per run: its memo must be earned inside the timed run, not carried over.
  let findings = 0;
  const full = () => {
    findings = validateTable(rows, { table, registry: new AgencyMatcher(registry) }).findings.length;
  };
  const fullBefore = measure(rows.length, full);
  const zodRate = measure(rows.length, () => schema.parse(rows));
  const ajvRate = measure(rows.length, () => {
    if (!validateAjv(rows)) throw new Error('ajv rejected the rows');
  });
  const fullAfter = measure(rows.length, full);
  const fullRate = Math.max(fullBefore, fullAfter);
  console.log(`${table}: ${rows.length} rows, ${findings} findings`);
  console.log(`  zod row schema     ${fmtRate(zodRate)}`);
  console.log(`  ajv JSON Schema    ${fmtRate(ajvRate)}`);
  console.log(
    `  full checks        ${fmtRate(fullRate)}  (${(fullRate / ajvRate).toFixed(2)}× ajv, ${(fullRate / zodRate).toFixed(2)}× zod; before the baselines ${fmtRate(fullBefore)}, after ${fmtRate(fullAfter)})`,
  );
}
