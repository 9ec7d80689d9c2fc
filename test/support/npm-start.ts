/** `npm start` as a supervisor runs it: a process group of its own, its output kept, signalled from outside. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { PROJECT_ROOT } from './cli.js';

export interface Started {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
  /** The base URL it printed once listening. */
  base: string;
}

/** Starts `npm start` with `env` (undefined removes a variable) and waits for «TổngHợp đang chạy tại …». */
export async function startNpm(env: Record<string, string | undefined>): Promise<Started> {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  // Its own process group, as a terminal or a supervisor gives it, so that what it leaves behind can be seen.
  const child = spawn('npm', ['start'], {
    cwd: PROJECT_ROOT,
    env: merged,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started:\n${text}`)), 90_000);
    child.stdout!.on('data', () => {
      const m = /TổngHợp đang chạy tại (http:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${text}`)));
  });
  return { child, output: () => text, base };
}

/** Whether any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes of a group whose command line contains `needle`, by pid (from /proc). */
export function groupProcesses(pgid: number, needle: string): { pid: number; ppid: number }[] {
  const found: { pid: number; ppid: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields start after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, , ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 1).split(' ');
      if (Number(pgrp) !== pgid) continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) continue;
      found.push({ pid: Number(entry), ppid: Number(ppid) });
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

/** Waits until `done()` or `ms` passed; the last value of `done()`. */
export async function waitFor(done: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (await done()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return done();
}
