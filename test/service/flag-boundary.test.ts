/**
 * The service reads flag rules from the domain's registry: no file in service/ lists flag codes
 * of its own (a second list goes silently wrong when a rule is added), and none imports domain/
 * past its index.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAG_CODES } from '../../domain/index.js';

const root = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('service/ and the registry of flag rules', () => {
  const files = sources('service').map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));

  it('has no file that names two flag codes in one list', () => {
    const codes = FLAG_CODES.join('|');
    // Two quoted codes in one bracketed list: a Set, an array or a `satisfies FlagCode[]`.
    const list = new RegExp(`[[(]\\s*(?:[^\\])]*?)'(?:${codes})'\\s*,\\s*'(?:${codes})'`, 's');
    expect(files.filter((f) => list.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('imports domain/ only through its index', () => {
    const deep = /from '(?:\.\.\/)+domain\/(?!index\.js')[^']+'/;
    expect(files.filter((f) => deep.test(f.text)).map((f) => f.path)).toEqual([]);
  });
});
