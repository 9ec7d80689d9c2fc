/**
 * `npm start` stops cleanly on SIGTERM and SIGINT sent to the PID a supervisor knows (npm's):
 * the service says so, exits 0 and leaves no process of its group behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/cli.js';

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startNpm(): Promise<{ child: ChildProcess; output: () => string; base: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', TONGHOP_DATA_DIR: 'memory://', TONGHOP_DEMO: '0' };
  delete env.DATABASE_URL;
  // Its own process group, as a terminal or a supervisor gives it, so that what it leaves behind can be seen.
  const child = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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

describe('npm start under a supervisor', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops on %s to npm, with nothing of its process group left',
    async (signal) => {
      const { child, output, base } = await startNpm();
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      const code = await exited;
      for (let waited = 0; waited < 5000 && groupAlive(child.pid!); waited += 100)
        await new Promise((r) => setTimeout(r, 100));
      const alive = groupAlive(child.pid!);
      if (alive) process.kill(-child.pid!, 'SIGKILL');
      expect(alive, output()).toBe(false);
      expect(output()).toContain('TổngHợp đã dừng.');
      expect([0, null]).toContain(code);
    },
    120_000,
  );
});
