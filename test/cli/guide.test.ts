/** The Vietnamese user guide: every picture it shows exists, every page it links exists, and it is NFC. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guideImages } from '../../cli/copy-screenshots.js';

const GUIDE = new URL('../../docs/huong-dan/', import.meta.url);
const pages = readdirSync(GUIDE).filter((f) => f.endsWith('.md'));

describe('docs/huong-dan', () => {
  it('has a page for each role and the index links them', () => {
    const index = readFileSync(new URL('README.md', GUIDE), 'utf8');
    for (const page of ['co-quan.md', 'tham-dinh.md', 'dieu-phoi.md', 'quan-tri.md', 'ma-loi.md', 'thuat-ngu.md']) {
      expect(pages).toContain(page);
      expect(index).toContain(`(${page})`);
    }
  });

  it('shows only pictures that exist', () => {
    expect(guideImages().length).toBeGreaterThan(0);
    for (const name of guideImages()) expect(existsSync(new URL(`anh/${name}`, GUIDE)), name).toBe(true);
  });

  it('links only pages that exist', () => {
    for (const page of pages) {
      for (const m of readFileSync(new URL(page, GUIDE), 'utf8').matchAll(/\]\(([\w-]+\.md)\)/g)) {
        expect(pages, `${page} → ${m[1]}`).toContain(m[1]);
      }
    }
  });

  it('is written in NFC', () => {
    for (const page of pages) {
      const text = readFileSync(new URL(page, GUIDE), 'utf8');
      expect(text, page).toBe(text.normalize('NFC'));
    }
  });
});
