/**
 * `npm start` stops cleanly on SIGTERM and SIGINT sent to the PID a supervisor knows (npm's):
 * the service says so, exits 0 and leaves no process of its group behind.
 */
import { describe, expect, it } from 'vitest';
import { groupAlive, startNpm, waitFor } from '../support/npm-start.js';

describe('npm start under a supervisor', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops on %s to npm, with nothing of its process group left',
    async (signal) => {
      const { child, output, base } = await startNpm({
        PORT: '0',
        TONGHOP_DATA_DIR: 'memory://',
        TONGHOP_DEMO: '0',
        DATABASE_URL: undefined,
      });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      const code = await exited;
      const gone = await waitFor(() => !groupAlive(child.pid!), 5000);
      if (!gone) process.kill(-child.pid!, 'SIGKILL');
      expect(gone, output()).toBe(true);
      expect(output()).toContain('TổngHợp đã dừng.');
      expect([0, null]).toContain(code);
    },
    120_000,
  );
});
