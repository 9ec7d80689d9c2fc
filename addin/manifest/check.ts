/**
 * Offline checks of a manifest: the XML schemas with xmllint (`office-addin-manifest validate`
 * needs a Microsoft web service), and that every `resid` names a defined resource — the schemas
 * from 2020 do not check that.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const XMLLINT = '/usr/bin/xmllint';
/** The add-in manifest XSDs, kept in the repository (see schemas/README.md) so a fresh machine checks offline too. */
export const SCHEMA = fileURLToPath(new URL('./schemas/OfficeAppManifestV1_1.xsd', import.meta.url));

/** `resid` values that no bt:Image, bt:Url or bt:String defines, and resource ids defined twice. */
export function resourceProblems(xml: string): string[] {
  const defined = [...xml.matchAll(/<bt:(?:Image|Url|String)\s+id="([^"]+)"/g)].map((m) => m[1]!);
  const used = new Set([...xml.matchAll(/\bresid="([^"]+)"/g)].map((m) => m[1]!));
  const problems: string[] = [];
  for (const id of used) if (!defined.includes(id)) problems.push(`resid «${id}» không trỏ tới tài nguyên nào.`);
  const seen = new Set<string>();
  for (const id of defined) {
    if (seen.has(id)) problems.push(`Tài nguyên «${id}» được khai báo hai lần.`);
    seen.add(id);
  }
  return problems;
}

export type SchemaCheck = { ok: true } | { ok: false; output: string } | { skipped: string };

/** Validate against the add-in manifest XSDs with xmllint, without network access. */
export function schemaCheck(xml: string, schema = SCHEMA): SchemaCheck {
  if (!existsSync(XMLLINT))
    return { skipped: `Không có ${XMLLINT} (gói libxml2-utils): bỏ qua kiểm tra theo lược đồ XML.` };
  if (!existsSync(schema)) return { skipped: `Không có lược đồ ${schema}: bỏ qua kiểm tra theo lược đồ XML.` };
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-manifest-'));
  try {
    const file = join(dir, 'manifest.xml');
    writeFileSync(file, xml);
    const r = spawnSync(XMLLINT, ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8' });
    return r.status === 0 ? { ok: true } : { ok: false, output: `${r.stdout}${r.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
