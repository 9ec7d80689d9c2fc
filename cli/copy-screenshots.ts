/**
 * Copies the screenshots the browser suites took (test-output/browser/) that the user guide shows
 * into docs/huong-dan/anh/, so `npm run --silent docs:screenshots` keeps the guide's pictures
 * equal to the screens.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';

const GUIDE = new URL('../docs/huong-dan/', import.meta.url);
const SHOTS = new URL('../test-output/browser/', import.meta.url);

/** Every `anh/<name>.png` the guide's pages show. */
export function guideImages(): string[] {
  const names = new Set<string>();
  for (const page of readdirSync(GUIDE).filter((f) => f.endsWith('.md'))) {
    for (const m of readFileSync(new URL(page, GUIDE), 'utf8').matchAll(/\]\(anh\/([\w.-]+\.png)\)/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const missing: string[] = [];
  for (const name of guideImages()) {
    const from = new URL(name, SHOTS);
    if (existsSync(from)) copyFileSync(from, new URL(`anh/${name}`, GUIDE));
    else missing.push(name);
  }
  if (missing.length > 0) {
    process.stderr.write(`Các bộ kiểm thử trên trình duyệt chưa chụp: ${missing.join(', ')}\n`);
    process.exitCode = 1;
  }
}
