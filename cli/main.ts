/** The `tonghop` command line: `npm run --silent cli -- <command> …`. */
import { DataDirLockedError } from '../db/dir-lock.js';
import { backupUsage, runBackup, runRestore } from './backup.js';
import { docsUsage, runDocs } from './docs.js';
import { manifestUsage, runManifest } from './manifest.js';
import { runToken, tokenUsage } from './token.js';
import { runValidate, validateUsage } from './validate.js';

type Command = (argv: string[], out: (s: string) => void, err: (s: string) => void) => Promise<number>;

const commands: Record<string, Command> = {
  validate: runValidate,
  token: runToken,
  manifest: runManifest,
  docs: runDocs,
  backup: runBackup,
  restore: runRestore,
};

const usage = [
  'Cách dùng:',
  `  ${validateUsage}`,
  `  ${tokenUsage}`,
  `  ${manifestUsage}`,
  `  ${docsUsage}`,
  `  ${backupUsage}`,
].join('\n');

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`${name ? `Không có lệnh «${name}».\n` : ''}${usage}\n`);
    return 2;
  }
  try {
    return await command(
      rest,
      (s) => process.stdout.write(`${s}\n`),
      (s) => process.stderr.write(`${s}\n`),
    );
  } catch (e) {
    if (!(e instanceof DataDirLockedError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
