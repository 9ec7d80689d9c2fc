/**
 * An agency proposes a name the registry lacks (the API the pane calls); the administrator sees
 * it on the console's registry page with the nearest registry names and accepts it with one
 * click, as another name of an agency or as a new agency; the checks then know the name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import type { Service } from '../service/harness.js';
import { startConsoleService, Visitor, visibleText } from './harness.js';

/** The hidden fields of the one-click form whose button says `label`. */
function formOf(html: string, label: string): { action: string; fields: Record<string, string> } {
  const forms = [...html.matchAll(/<form method="post" action="([^"]+)" class="inline">([\s\S]*?)<\/form>/g)];
  const form = forms.find((f) => visibleText(f[2]!).includes(label));
  if (!form) throw new Error(`no form «${label}»`);
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  return { action: form[1]!, fields };
}

describe.each(testDatabases())('name requests on %s', (kind) => {
  let s: Service;
  let admin: Visitor;
  beforeAll(async () => {
    s = await startConsoleService(kind);
    admin = new Visitor(s);
    await admin.signIn(s.tokens.admin);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('takes a proposal from an agency once, and refuses a name the registry knows', async () => {
    const body = { name: 'Trạm Y tế xã Bát  Xát', note: 'Đơn vị phối hợp nhiệm vụ y tế số ở xã.' };
    const first = await s.call('POST', '/api/v1/registry/requests', { token: s.tokens.yte, body });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: 'Trạm Y tế xã Bát Xát', status: 'open', requestedBy: 'Sở Y tế' });
    const again = await s.call('POST', '/api/v1/registry/requests', { token: s.tokens.yte, body });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const known = await s.call('POST', '/api/v1/registry/requests', {
      token: s.tokens.yte,
      body: { name: 'Sở KH&CN' },
    });
    expect(known.status).toBe(409);
    expect(known.body.error.message).toBe('«Sở KH&CN» đã có trong danh mục: là tên của «Sở Khoa học và Công nghệ».');
    const empty = await s.call('POST', '/api/v1/registry/requests', { token: s.tokens.yte, body: { name: '  ' } });
    expect(empty.status).toBe(422);
    const list = await s.call('GET', '/api/v1/registry/requests', { token: s.tokens.admin });
    expect(list.body.requests.map((r: { name: string }) => r.name)).toEqual(['Trạm Y tế xã Bát Xát']);
  });

  it('shows the request to the administrator and accepts it as another name of an agency in one click', async () => {
    await s.call('POST', '/api/v1/registry/requests', {
      token: s.tokens.yte,
      body: { name: 'Sở Y tế tỉnh Yên Bái' },
    });
    const page = await admin.get('/console/registry');
    const text = visibleText(page.text);
    expect(text).toContain('Đề nghị bổ sung tên (2)');
    expect(text).toContain('«Sở Y tế tỉnh Yên Bái» Sở Y tế đề nghị lúc');
    const { action, fields } = formOf(page.text, 'Thêm làm tên khác của «Sở Y tế»');
    const res = await admin.post(action, fields);
    expect(res.status).toBe(303);
    const after = await admin.get(res.location!);
    expect(visibleText(after.text)).toContain('Đã nhận tên vào danh mục: từ nay tên này được nhận là «Sở Y tế».');
    expect(visibleText(after.text)).toContain('Đề nghị bổ sung tên (1)');
    const registry = await s.call('GET', '/api/v1/registry');
    const yte = registry.body.agencies.find((a: { id: string }) => a.id === 'so-y-te');
    expect(yte.aliases).toContain('Sở Y tế tỉnh Yên Bái');
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('table_name', 'in', ['name_requests', 'agencies'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['name_request', 'agency_update', 'name_request_accept']),
    );
  });

  it('accepts a request as a new agency, which the checks then know', async () => {
    const page = await admin.get('/console/registry');
    const { action, fields } = formOf(page.text, 'Thêm thành cơ quan mới');
    expect(fields.as).toBe('agency');
    const res = await admin.post(action, { ...fields, kind: 'public_unit' });
    expect(res.status).toBe(303);
    expect(visibleText((await admin.get(res.location!)).text)).toContain(
      'từ nay tên này được nhận là «Trạm Y tế xã Bát Xát»',
    );
    const registry = await s.call('GET', '/api/v1/registry');
    expect(registry.body.agencies).toContainEqual(
      expect.objectContaining({ id: 'tram-y-te-xa-bat-xat', name: 'Trạm Y tế xã Bát Xát', kind: 'public_unit' }),
    );
    expect((await admin.get('/console/registry')).text).not.toContain('id="name-requests"');
    // Settled once: a second click finds nothing to do.
    const twice = await admin.post(action, { ...fields, kind: 'public_unit' });
    expect(twice.status).toBe(404);
  });

  it('declines a request; only an administrator settles one', async () => {
    const made = await s.call('POST', '/api/v1/registry/requests', {
      token: s.tokens.yte,
      body: { name: 'Tổ công tác không tên' },
    });
    const coordinator = new Visitor(s);
    await coordinator.signIn(s.tokens.coordinator);
    expect((await coordinator.post(`/console/registry/requests/${made.body.id}`, { as: 'reject' })).status).toBe(403);
    const page = await admin.get('/console/registry');
    const { action, fields } = formOf(page.text, 'Không nhận');
    expect((await admin.post(action, fields)).status).toBe(303);
    const row = await s.db
      .selectFrom('name_requests')
      .selectAll()
      .where('id', '=', made.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'rejected', agency_id: null, resolved_by: 'Quản trị' });
    expect((await s.call('GET', '/api/v1/registry/requests', { token: s.tokens.admin })).body.requests).toEqual([]);
  });
});
