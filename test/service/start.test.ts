/**
 * The Quick start's `npm start` as a person runs it: the service process starts on the embedded
 * database, loads the demo round, and every URL and demo token it prints works.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What the service printed once it was ready: its URLs by label, and its demo tokens by role. */
interface Started {
  urls: Map<string, string>;
  tokens: Map<string, string>;
}

let child: ChildProcess;
let started: Started;
let output = '';

/** Reads the start-up text until the last demo token (the agency's) is printed. */
function waitForStart(proc: ChildProcess, timeoutMs: number): Promise<Started> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the service did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    proc.on('exit', (code) => reject(new Error(`the service exited (${code}) before it was ready:\n${output}`)));
    proc.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!/^\s+agency\s.*th_\S+$/m.test(output)) return;
      clearTimeout(timer);
      const urls = new Map(
        [...output.matchAll(/^\s+([^\s:][^:]*):\s+(https?:\/\/\S+)/gm)].map((m) => [m[1]!.trim(), m[2]!]),
      );
      const tokens = new Map(
        [...output.matchAll(/^\s+(coordinator|validator|admin|agency)\s.*?(th_\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
      );
      resolve({ urls, tokens });
    });
  });
}

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', TONGHOP_DATA_DIR: 'memory://', TONGHOP_DEMO: '1' };
  // The Quick start runs on the embedded database, whatever the suites' DATABASE_URL.
  delete env.DATABASE_URL;
  child = spawn(process.execPath, ['--import', 'tsx', 'service/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started = await waitForStart(child, 90_000);
}, 100_000);

afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

describe('npm start', () => {
  const url = (label: string) => {
    const found = started.urls.get(label);
    if (!found) throw new Error(`no «${label}» URL in:\n${output}`);
    return found;
  };
  const get = (address: string, token?: string) =>
    fetch(address, { headers: token ? { authorization: `Bearer ${token}` } : {}, redirect: 'manual' });

  it('says where it runs, on which database, and prints one token per role', () => {
    expect(output).toMatch(
      /TổngHợp đang chạy tại http:\/\/localhost:\d+ \(cơ sở dữ liệu: PGlite, thư mục memory:\/\/\)/,
    );
    expect([...started.urls.keys()]).toEqual(['API', 'Mô tả API', 'Kiểm tra', 'Thẩm định', 'Bổ trợ Excel', 'Đợt mẫu']);
    expect([...started.tokens.keys()].sort()).toEqual(['admin', 'agency', 'coordinator', 'validator']);
    expect(output).toBe(output.normalize('NFC'));
  });

  it('answers on every URL it printed', async () => {
    expect((await get(url('Kiểm tra'))).status).toBe(200);
    const openapi = await get(url('Mô tả API'));
    expect(openapi.status).toBe(200);
    expect(((await openapi.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    const pane = await get(url('Bổ trợ Excel'));
    expect(pane.status).toBe(200);
    expect(pane.headers.get('content-type')).toContain('text/html');
    // The console sends a visitor without a session to its sign-in page.
    const review = await get(url('Thẩm định'));
    expect([200, 302, 303]).toContain(review.status);
    const signIn =
      review.status === 200 ? review : await get(new URL(review.headers.get('location')!, url('Thẩm định')).toString());
    expect(await signIn.text()).toContain('Đăng nhập');
    const rounds = await get(url('API'), started.tokens.get('coordinator'));
    expect(rounds.status).toBe(200);
    expect(JSON.stringify(await rounds.json())).toContain('de-an-11');
  });

  it("has loaded the demo round, whose merged budget adds up to the plan's 9.615.243", async () => {
    const round = await get(url('Đợt mẫu'), started.tokens.get('coordinator'));
    expect(round.status).toBe(200);
    const merged = await get(`${url('Đợt mẫu')}/merged/budget`, started.tokens.get('coordinator'));
    const body = (await merged.json()) as { totals: { grand: Record<string, number> } };
    expect(body.totals.grand).toEqual({
      total: 9_615_243,
      y2026: 1_625_520,
      y2027: 2_230_820,
      y2028: 2_417_820,
      y2029: 2_012_563,
      y2030: 1_328_520,
    });
  });

  it('gives each demo token its role and nothing more', async () => {
    const sheet = `${url('Đợt mẫu')}/sheets/budget`;
    // The agency token reads its own sheet, not another agency's.
    expect((await get(sheet, started.tokens.get('agency'))).status).toBe(200);
    expect((await get(`${sheet}?agency=so-nn-mt`, started.tokens.get('agency'))).status).toBe(403);
    expect((await get(`${url('Đợt mẫu')}/merged/budget`, started.tokens.get('agency'))).status).toBe(403);
    // The validator reads the flags and the merged table, and opens no round.
    expect((await get(`${url('Đợt mẫu')}/flags`, started.tokens.get('validator'))).status).toBe(200);
    expect((await get(`${url('Đợt mẫu')}/merged/budget`, started.tokens.get('validator'))).status).toBe(200);
    const open = await fetch(url('API'), {
      method: 'POST',
      headers: { authorization: `Bearer ${started.tokens.get('validator')}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(open.status).toBe(403);
    expect((await get(url('API'), 'th_not-a-token')).status).toBe(401);
  });
});
