/** Every Office.js call lives in addin/excel/; the rest of the add-in is plain TypeScript. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ADDIN = fileURLToPath(new URL('../../addin/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

it('uses the Excel and Office globals only in addin/excel/', () => {
  const offenders = files(ADDIN)
    .filter((f) => !relative(ADDIN, f).startsWith('excel/'))
    .filter((f) =>
      /\b(Excel|Office)\.[a-zA-Z]/.test(
        readFileSync(f, 'utf8')
          .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
          .replace(/'[^'\n]*'|`[^`]*`/g, "''"),
      ),
    )
    .map((f) => relative(ADDIN, f));
  expect(offenders).toEqual([]);
});

it('takes only types from the service, so that no service code reaches the pane bundle', () => {
  const offenders = files(ADDIN).flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return [...text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)]
      .filter((m) => m[3]!.includes('/service/') && !m[2])
      .map((m) => `${relative(ADDIN, f)}: ${m[0]}`);
  });
  expect(offenders).toEqual([]);
  // The pane's API types do come from there (service/api-types.ts).
  expect(readFileSync(join(ADDIN, 'sync/api.ts'), 'utf8')).toContain("from '../../service/api-types.js'");
});
