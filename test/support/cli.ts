/** The CLI as an administrator runs it: a process of its own, from the project's folder. */
import { spawnSync } from 'node:child_process';

export const PROJECT_ROOT = new URL('../../', import.meta.url).pathname;

/** `cli/main.ts` with these arguments; `env` replaces variables (undefined removes one, as DATABASE_URL for the embedded database). */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): { code: number | null; out: string; err: string } {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: merged,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
