/** The province's agency registry ships as a JSON file an administrator can extend. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Registry, registrySchema } from '../domain/index.js';

export const DEFAULT_REGISTRY_PATH = fileURLToPath(new URL('./registry/lao-cai.json', import.meta.url));

export function loadRegistryFile(path: string = process.env.TONGHOP_REGISTRY ?? DEFAULT_REGISTRY_PATH): Registry {
  const parsed = registrySchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Danh mục cơ quan «${path}» không hợp lệ tại ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
