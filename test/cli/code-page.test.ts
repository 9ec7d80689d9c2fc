/** The user guide's page of codes is generated from the catalogue and covers every code the checks and the flags can report. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCodePage } from '../../cli/code-page.js';
import { CODE_PAGE } from '../../cli/docs.js';
import { FINDING_GUIDE, FLAG_GUIDE } from '../../domain/code-guide.js';
import { FLAG_CODES } from '../../domain/consistency/index.js';
import { FINDING_CODES } from '../../domain/values.js';

describe('docs/huong-dan/ma-loi.md', () => {
  it('is what the catalogue renders (run `npm run --silent cli -- docs` after changing a code)', () => {
    expect(readFileSync(CODE_PAGE, 'utf8')).toBe(renderCodePage());
  });

  it('has an entry for every finding code and every flag code', () => {
    const page = renderCodePage();
    for (const code of [...FINDING_CODES, ...FLAG_CODES]) expect(page).toContain(`(\`${code}\`)`);
    expect(Object.keys(FINDING_GUIDE).sort()).toEqual([...FINDING_CODES].sort());
    expect(Object.keys(FLAG_GUIDE).sort()).toEqual([...FLAG_CODES].sort());
  });

  it('is written in NFC', () => {
    const page = renderCodePage();
    expect(page).toBe(page.normalize('NFC'));
  });
});
