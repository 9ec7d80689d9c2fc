/**
 * Saving an agency works out the open rounds' flags again afterwards. When that fails, the save
 * has still happened: the administrator is told so, through the API and the console, instead of
 * getting an error for a save that stands.
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RawNode,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { createApp, defaultConfig } from '../../service/app.js';
import { FLAGS_NOT_RECOMPUTED } from '../../service/registry/save-agency.js';
import { RegistryStore } from '../../service/registry-store.js';
import { Visitor, visibleText } from '../console/harness.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from './harness.js';

/** Fails the round flag lock that every flag refresh takes first, while armed. */
class FailFlagRefresh implements KyselyPlugin {
  armed = false;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node as RootOperationNode | RawNode;
    if (this.armed && node.kind === 'RawNode' && node.sqlFragments.join('').includes('pg_advisory_xact_lock')) {
      throw new Error('simulated failure of the flag refresh');
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe.each(testDatabases())('saving an agency when its flag refresh fails, on %s', (kind) => {
  let s: Service;
  let failing: Service;
  const fault = new FailFlagRefresh();
  let errors: MockInstance<typeof console.error>;

  beforeAll(async () => {
    errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    s = await startService(kind);
    // The same database and tokens, through an app whose queries pass the plugin.
    const db = s.db.withPlugin(fault);
    failing = { ...s, app: createApp({ db, registry: new RegistryStore(db), config: defaultConfig() }) };
  });
  afterAll(async () => {
    errors.mockRestore();
    await s.close();
  });

  const put = (aliases: string[]) =>
    failing.app.request('/api/v1/registry/agencies/so-y-te', {
      method: 'PUT',
      headers: { authorization: `Bearer ${s.tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Sở Y tế', kind: 'department', aliases, formerly: [] }),
    });
  const storedAliases = async () =>
    (await s.db.selectFrom('agencies').select('aliases').where('id', '=', 'so-y-te').executeTakeFirstOrThrow()).aliases;

  it('answers the API with the saved agency and says the flags were not worked out again', async () => {
    fault.armed = true;
    const res = await put(['SYT', 'Y tế', 'SYT Lào Cai']);
    fault.armed = false;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: 'so-y-te',
      name: 'Sở Y tế',
      kind: 'department',
      aliases: ['SYT', 'Y tế', 'SYT Lào Cai'],
      formerly: [],
      notice: FLAGS_NOT_RECOMPUTED,
    });
    expect(await storedAliases()).toEqual(['SYT', 'Y tế', 'SYT Lào Cai']);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('so-y-te saved'), expect.any(Error));
    // Without the fault, the same save answers with the agency alone.
    const again = await put(['SYT', 'Y tế', 'SYT Lào Cai']);
    expect(await again.json()).toEqual({
      id: 'so-y-te',
      name: 'Sở Y tế',
      kind: 'department',
      aliases: ['SYT', 'Y tế', 'SYT Lào Cai'],
      formerly: [],
    });
  });

  it('shows the console administrator the save and what is left; a coordinator then brings the flags up to date', async () => {
    // Sở Y tế sends a line led by Sở Tài chính without itself as a partner: the flag names the sender.
    const rows = budgetRowsLedBy('Sở Y tế').map((r, i) => (i === 0 ? { ...r, lead: 'Sở Tài chính', partners: '' } : r));
    const sync = await s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/budget`, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(sync.status).toBe(200);
    const flagText = async () =>
      (await s.call('GET', `/api/v1/rounds/${ROUND}/flags?code=submitter_not_involved`)).body.flags
        .map((f: { message: string }) => f.message)
        .join('\n');
    expect(await flagText()).toContain('Sở Y tế');

    const admin = new Visitor(failing);
    await admin.signIn(s.tokens.admin);
    const renamed = 'Sở Y tế (tên mới)';
    const form = { id: 'so-y-te', name: renamed, kind: 'department', aliases: 'SYT\nY tế\nSở Y tế', formerly: '' };
    await admin.get('/console/registry/so-y-te');
    const preview = await admin.post('/console/registry/so-y-te/preview', form);
    const previewed = /name="previewed" value="([^"]+)"/.exec(preview.text)![1]!;
    fault.armed = true;
    const saved = await admin.post('/console/registry/so-y-te', { ...form, previewed });
    fault.armed = false;
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/console/registry/so-y-te?saved=flags');
    const page = visibleText((await admin.get(saved.location!)).text);
    expect(page).toContain('Đã lưu.');
    expect(page).toContain('Cảnh báo chưa được tính lại');
    expect(page).toContain(FLAGS_NOT_RECOMPUTED);
    expect(
      (await s.db.selectFrom('agencies').select('name').where('id', '=', 'so-y-te').executeTakeFirstOrThrow()).name,
    ).toBe(renamed);
    // The flags still give the old name, until a coordinator asks for them to be worked out again.
    expect(await flagText()).not.toContain(renamed);
    const coordinator = new Visitor(failing);
    await coordinator.signIn(s.tokens.coordinator);
    expect(visibleText((await coordinator.get(`/console/settings/${ROUND}`)).text)).toContain('Tính lại cảnh báo');
    const recomputed = await coordinator.post(`/console/settings/${ROUND}/recompute`, {});
    expect(recomputed.status).toBe(303);
    expect(visibleText((await coordinator.get(recomputed.location!)).text)).toContain(
      'Đã tính lại toàn bộ cảnh báo của đợt',
    );
    expect(await flagText()).toContain(renamed);
  });

  it('lets only a coordinator recompute a round from the console', async () => {
    const validator = new Visitor(failing);
    await validator.signIn(s.tokens.validator);
    await validator.get('/console');
    const refused = await validator.post(`/console/settings/${ROUND}/recompute`, {});
    expect(refused.status).toBe(403);
    expect(visibleText(refused.text)).toContain(
      'Trang này dành cho cán bộ điều phối (Sở Khoa học và Công nghệ); tài khoản của bạn là chuyên viên thẩm định.',
    );
  });
});
