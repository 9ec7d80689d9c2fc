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
    .filter((f) => /\b(Excel|Office)\.[a-zA-Z]/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/'[^'\n]*'|`[^`]*`/g, "''")))
    .map((f) => relative(ADDIN, f));
  expect(offenders).toEqual([]);
});
