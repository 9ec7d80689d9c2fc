/** `cli manifest --origin https://… [--out manifest.xml]`: the add-in's manifest for a province's own origin, checked offline. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resourceProblems, schemaCheck } from '../addin/manifest/check.js';
import { renderManifest } from '../addin/manifest/manifest.js';

export const manifestUsage =
  'npm run --silent cli -- manifest --origin https://tonghop.tinh.gov.vn [--out manifest.xml]';

export async function runManifest(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { origin: { type: 'string' }, out: { type: 'string' } } }));
  } catch (e) {
    err(`${(e as Error).message}\nCách dùng:\n  ${manifestUsage}`);
    return 2;
  }
  if (!values.origin) {
    err(`Cần --origin: địa chỉ HTTPS nơi tỉnh chạy TổngHợp.\nCách dùng:\n  ${manifestUsage}`);
    return 2;
  }
  let xml: string;
  try {
    xml = renderManifest({ origin: values.origin });
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
  const problems = resourceProblems(xml);
  const schema = schemaCheck(xml);
  if ('skipped' in schema) err(schema.skipped);
  else if (!schema.ok) problems.push(`Không đúng lược đồ manifest:\n${schema.output}`);
  if (problems.length > 0) {
    err(problems.join('\n'));
    return 1;
  }
  if (values.out) {
    writeFileSync(values.out, xml);
    err(`Đã ghi manifest cho ${values.origin} vào ${values.out}.`);
  } else out(xml.trimEnd());
  return 0;
}
