/**
 * The supervisor recipes in deploy/ parse, restart the service when it fails, stop it with a
 * signal node itself receives, wait longer than its grace period, and mark it healthy through
 * /healthz/ready; the health-check command is run against a real service, ready and not.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultConfig } from '../../service/app.js';
import { type Service, startService } from '../service/harness.js';
import { PROJECT_ROOT } from '../support/cli.js';

const read = (file: string) => readFileSync(`${PROJECT_ROOT}deploy/${file}`, 'utf8');

/** systemd's unit syntax: sections of `Key=value` lines, a key may repeat. */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = sections[header[1]!] ??= {};
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !current) throw new Error(`not a unit line: ${line}`);
    (current[kv[1]!] ??= []).push(kv[2]!);
  }
  return sections;
}

const grace = (env: string[]) => Number(env.find((e) => e.startsWith('TONGHOP_SHUTDOWN_GRACE_MS='))?.split('=')[1]);

describe('deploy/tonghop.service', () => {
  const unit = parseUnit(read('tonghop.service'));

  it('restarts on failure and starts node itself, so the stop signal reaches the service', () => {
    expect(Object.keys(unit).sort()).toEqual(['Install', 'Service', 'Unit']);
    const s = unit.Service!;
    expect(s.Restart).toEqual(['on-failure']);
    expect(s.KillSignal).toEqual(['SIGTERM']);
    expect(s.ExecStart).toEqual(['/usr/bin/node --import tsx service/main.ts']);
    expect(existsSync(`${PROJECT_ROOT}service/main.ts`)).toBe(true);
    expect(Number(s.TimeoutStopSec![0]) * 1000).toBeGreaterThan(grace(s.Environment!));
  });
});

describe('deploy/tonghop@.service', () => {
  const unit = parseUnit(read('tonghop@.service'));

  it('runs one process per port, on PostgreSQL, restarted and stopped as the single unit is', () => {
    const s = unit.Service!;
    const single = parseUnit(read('tonghop.service')).Service!;
    expect(s.Environment).toContain('PORT=%i');
    // Several processes cannot share a PGlite directory: the template has none.
    expect(s.Environment!.some((e) => e.startsWith('TONGHOP_DATA_DIR='))).toBe(false);
    // Required, not optional ('-'): DATABASE_URL comes from it.
    expect(s.EnvironmentFile).toEqual(['/etc/tonghop/tonghop.env']);
    for (const key of ['ExecStart', 'Restart', 'KillSignal', 'KillMode', 'TimeoutStopSec'] as const)
      expect(s[key], key).toEqual(single[key]);
    expect(Number(s.TimeoutStopSec![0]) * 1000).toBeGreaterThan(grace(s.Environment!));
  });
});

/** nginx's configuration as nested blocks of directives (`name args…;` or `name args… { … }`). */
interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
}
function parseNginx(text: string): Directive[] {
  const tokens = text
    .replace(/#.*$/gm, '')
    .match(/"[^"]*"|[{};]|[^\s{};"]+/g)!
    .map((t) => (t.startsWith('"') ? t.slice(1, -1) : t));
  let at = 0;
  const block = (): Directive[] => {
    const out: Directive[] = [];
    while (at < tokens.length && tokens[at] !== '}') {
      const words: string[] = [];
      while (tokens[at] !== ';' && tokens[at] !== '{') {
        if (at >= tokens.length || tokens[at] === '}') throw new Error(`unterminated directive ${words.join(' ')}`);
        words.push(tokens[at++]!);
      }
      const [name, ...args] = words as [string, ...string[]];
      if (tokens[at++] === '{') {
        out.push({ name, args, block: block() });
        if (tokens[at++] !== '}') throw new Error(`unclosed block ${name}`);
      } else out.push({ name, args });
    }
    return out;
  };
  const top = block();
  if (at !== tokens.length) throw new Error('unbalanced }');
  return top;
}
const find = (ds: Directive[], name: string) => ds.filter((d) => d.name === name);

describe('deploy/nginx.conf', () => {
  const conf = parseNginx(read('nginx.conf'));
  const upstream = find(conf, 'upstream').find((u) => u.args[0] === 'tonghop')!;
  const server = find(conf, 'server')[0]!.block!;
  const location = find(server, 'location').find((l) => l.args[0] === '/')!.block!;

  it('spreads requests over the processes of the template unit, dropping one that fails', () => {
    const servers = find(upstream.block!, 'server');
    expect(servers.map((s) => s.args[0])).toEqual(['127.0.0.1:8787', '127.0.0.1:8788']);
    for (const s of servers) expect(s.args).toContain('max_fails=3');
    expect(read('tonghop@.service')).toContain('tonghop@8787 tonghop@8788');
    expect(find(location, 'proxy_pass')[0]!.args).toEqual(['http://tonghop']);
  });

  it('lets the service answer oversized bodies itself, and says the client used HTTPS', () => {
    const [size] = find(server, 'client_max_body_size')[0]!.args;
    expect(Number.parseInt(size!, 10) * 2 ** 20).toBeGreaterThan(defaultConfig().bodyLimit);
    const headers = find(location, 'proxy_set_header').map((d) => d.args);
    expect(headers).toContainEqual(['X-Forwarded-Proto', '$scheme']);
    // Keep-alive to the upstream needs HTTP/1.1 without the client's Connection header.
    expect(headers).toContainEqual(['Connection', '']);
    expect(find(location, 'proxy_http_version')[0]!.args).toEqual(['1.1']);
  });
});

const dockerfile = read('Dockerfile');
/** The JSON array of an exec-form instruction (`CMD [...]`), continuation lines joined. */
function execForm(instruction: string): string[] {
  const joined = dockerfile.replace(/\\\n\s*/g, ' ');
  const m = new RegExp(`^(?:HEALTHCHECK .*?)?${instruction} (\\[.*\\])$`, 'm').exec(joined);
  if (!m) throw new Error(`${instruction} not found`);
  return JSON.parse(m[1]!);
}

describe('deploy/Dockerfile and deploy/compose.yaml', () => {
  const compose = parse(read('compose.yaml'));

  it('runs node as the container’s first process, with a health check on readiness', () => {
    const cmds = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm)].map((m) => JSON.parse(m[1]!));
    expect(cmds).toEqual([['node', '--import', 'tsx', 'service/main.ts']]);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(execForm('CMD').join(' ')).toContain('/healthz/ready');
  });

  it('starts PostgreSQL first, restarts both on failure, and checks the same readiness', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['db', 'service']);
    const { db, service } = compose.services;
    expect(db.restart).toBe('on-failure');
    expect(service.restart).toBe('on-failure');
    expect(db.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(service.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(service.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    expect(service.environment.DATABASE_URL).toMatch(/^postgres:\/\/tonghop:.+@db:5432\/tonghop$/);
    expect(service.healthcheck.test).toEqual(['CMD', 'node', '-e', execForm('CMD')[2]]);
    expect(Number.parseInt(service.stop_grace_period, 10) * 1000).toBeGreaterThan(
      Number(service.environment.TONGHOP_SHUTDOWN_GRACE_MS),
    );
  });

  describe('the health-check command against a real service', () => {
    let s: Service;
    let server: ReturnType<typeof serve>;
    let port = 0;
    beforeAll(async () => {
      s = await startService('pglite');
      server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      port = (server.address() as AddressInfo).port;
    }, 60_000);
    afterAll(() => new Promise((r) => server?.close(r)));

    // The check runs in a process of its own, as Docker runs it; spawnSync would block the server.
    const check = () =>
      new Promise<number | null>((resolve) => {
        const script = execForm('CMD')[2]!;
        spawn(process.execPath, ['-e', script], { env: { ...process.env, PORT: String(port) } }).on('exit', resolve);
      });

    it('passes while the database answers and fails once it is gone', async () => {
      expect(await check()).toBe(0);
      await s.close();
      expect(await check()).toBe(1);
    }, 60_000);
  });
});
