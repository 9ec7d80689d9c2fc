/** `docs`: regenerates the user guide's pages that come from the code (the page of codes). */
import { writeFileSync } from 'node:fs';
import { renderCodePage } from './code-page.js';

export const docsUsage =
  'docs                      sinh lại trang mã lỗi của hướng dẫn sử dụng (docs/huong-dan/ma-loi.md)';

export const CODE_PAGE = new URL('../docs/huong-dan/ma-loi.md', import.meta.url);

export async function runDocs(_argv: string[], out: (s: string) => void): Promise<number> {
  writeFileSync(CODE_PAGE, renderCodePage());
  out('Đã sinh lại docs/huong-dan/ma-loi.md.');
  return 0;
}
