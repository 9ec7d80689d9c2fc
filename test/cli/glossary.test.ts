/**
 * The words people read follow the glossary (docs/huong-dan/thuat-ngu.md): every Vietnamese
 * text of the pane, the console, the API's errors, the findings and the CLI is checked against
 * the variants the glossary says not to use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/cli.js';

interface Entry {
  use: string;
  avoid: string[];
}

/** The glossary's table: «Dùng | Không dùng | Nghĩa». */
function glossary(): Entry[] {
  const text = readFileSync(`${PROJECT_ROOT}docs/huong-dan/thuat-ngu.md`, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Dùng') && !l.startsWith('|---'))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map(([, use = '', avoid = '']) => ({
      use,
      avoid: avoid
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    }))
    .filter((e) => e.avoid.length > 0);
}

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The words of a text, without the code inside it: `${…}` expressions, `--options`, `?query=`, `<placeholders>`. */
function readable(segment: string): string {
  return segment
    .replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '…')
    .replace(/npm run --silent cli -- \w+( \w+)?/g, '…')
    .replace(/(^|[\s[])--[\w-]+/g, '$1')
    .replace(/[?&][\w-]+=/g, '…')
    .replace(/<[\w|]+>/g, '…');
}

/** What a user reads: string literals and JSX text that are Vietnamese, with where they are. */
function userTexts(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const folder of ['domain', 'service', 'addin', 'cli']) {
    for (const file of sourceFiles(`${PROJECT_ROOT}${folder}`)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.trim();
        if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
        const segments = [
          ...line.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\]|\\.)*)`|>([^<>{}]+)</g),
        ].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
        // JSX text that wraps onto its own line has no quotes or tags around it.
        if (segments.length === 0 && VIETNAMESE.test(code) && !/[=;(){}]/.test(code)) segments.push(code);
        for (const segment of segments) {
          const text = readable(segment);
          // An English text that quotes a Vietnamese label («Đã sửa») is not one people read.
          if (VIETNAMESE.test(text.replace(/«[^»]*»/g, '')))
            out.push({ where: `${file.slice(PROJECT_ROOT.length)}:${i + 1}`, text });
        }
      });
    }
  }
  return out;
}

/** A variant is found as whole words; one that is part of the word to use counts only outside it. */
function misuses(text: string, entry: Entry, avoid: string): boolean {
  // A capitalised variant is a button's or a heading's label: wrong only as the whole label.
  if (/^\p{Lu}/u.test(avoid)) return text.trim() === avoid;
  const lower = text.toLowerCase();
  const word = new RegExp(`(^|[^\\p{L}])${avoid.toLowerCase()}(?=$|[^\\p{L}])`, 'gu');
  const allowed = entry.use.toLowerCase();
  for (const m of lower.matchAll(word)) {
    const at = m.index + m[1]!.length;
    const inside = allowed.includes(avoid.toLowerCase())
      ? lower.slice(Math.max(0, at - allowed.length), at + allowed.length).includes(allowed)
      : false;
    if (!inside) return true;
  }
  return false;
}

describe('the glossary', () => {
  const entries = glossary();
  const texts = userTexts();

  it('is read from its page and finds the texts people read', () => {
    expect(entries.length).toBeGreaterThan(5);
    expect(texts.length).toBeGreaterThan(500);
  });

  it('is followed by every Vietnamese text of the pane, the console, the API and the CLI', () => {
    const found: string[] = [];
    for (const { where, text } of texts) {
      for (const entry of entries) {
        for (const avoid of entry.avoid) {
          if (misuses(text, entry, avoid)) found.push(`${where}: «${avoid}» (dùng «${entry.use}»): ${text.trim()}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
