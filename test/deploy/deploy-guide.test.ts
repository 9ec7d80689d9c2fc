/**
 * docs/deploy.md is followed by IT staff as written: the files it names exist, every setting it
 * names is one the service reads (it is in the README's configuration table), and its token and
 * manifest commands run as written on an embedded database of their own.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../support/cli.js';

const guide = readFileSync(`${PROJECT_ROOT}docs/deploy.md`, 'utf8');
const readme = readFileSync(`${PROJECT_ROOT}README.md`, 'utf8');
const dataDir = mkdtempSync(join(tmpdir(), 'tonghop-deploy-guide-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The shell lines of the guide's code blocks that call the CLI, with a trailing `> file` dropped. */
function cliLines(command: string): string[][] {
  const lines = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'));
  return lines
    .filter((l) => l.startsWith(`npm run --silent cli -- ${command} `))
    .map((l) => l.replace(/\s*>\s*\S+$/, ''))
    .map((l) => [...l.replace('npm run --silent cli -- ', '').matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!));
}

describe('docs/deploy.md', () => {
  it('names only files that exist in deploy/', () => {
    const named = [...guide.matchAll(/`deploy\/([\w.-]+)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const file of named) expect(() => readFileSync(`${PROJECT_ROOT}deploy/${file}`), file).not.toThrow();
  });

  it('names only settings the README documents (or the compose recipe reads)', () => {
    const settings = new Set([...guide.matchAll(/\b(TONGHOP_[A-Z_]+|DATABASE_URL)\b/g)].map((m) => m[1]!));
    expect(settings.size).toBeGreaterThan(3);
    // The compose file's own variables (the database password) are settings of the recipe, not of the service.
    const compose = readFileSync(`${PROJECT_ROOT}deploy/compose.yaml`, 'utf8');
    for (const m of compose.matchAll(/\$\{(\w+)/g)) settings.delete(m[1]!);
    const tableRows = readme.split('\n').filter((l) => l.startsWith('| `'));
    for (const name of settings)
      expect(
        tableRows.some((row) => row.includes(`\`${name}\``)),
        name,
      ).toBe(true);
  });

  it('creates tokens with its commands as written', () => {
    const commands = cliLines('token');
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const args of commands) {
      const r = runCli(args, { TONGHOP_DATA_DIR: dataDir, DATABASE_URL: undefined });
      expect(r.err, args.join(' ')).toBe('');
      expect(r.code).toBe(0);
      expect(r.out.trim()).toMatch(/^th_[\w-]{32}$/);
    }
  }, 120_000);

  it('writes the manifest for the province origin it names', () => {
    const [args] = cliLines('manifest');
    expect(args).toBeDefined();
    const r = runCli(args!, { TONGHOP_DATA_DIR: dataDir, DATABASE_URL: undefined });
    expect(r.code).toBe(0);
    const origin = args![args!.indexOf('--origin') + 1]!;
    expect(r.out).toContain(`<SourceLocation DefaultValue="${origin}/`);
  }, 60_000);
});
