/**
 * The flags a sync leaves behind (worked out for the syncing agency only, from the round index)
 * must be exactly the flags a full recompute finds. A sequence of real edits on the demo round:
 * after each, the stored flags are compared with those of POST …/flags/recompute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { flagExcerpt, hasScope } from '../../domain/index.js';
import { DEMO_ROUND_ID } from '../../service/demo/demo-round.js';
import { RegistryStore } from '../../service/registry-store.js';
import { getRound } from '../../service/rounds/round.js';
import { checkSheet, syncSheets } from '../../service/sync/sync-sheet.js';
import {
  demoSheet,
  editDemoSheet,
  expectFlagsOfFullRecompute,
  newKey,
  roundFlags,
  type Service,
  type SheetRow,
  startDemoService,
} from './harness.js';

describe.each(testDatabases())('incremental flags on %s', (kind) => {
  let s: Service;
  const base = `/api/v1/rounds/${DEMO_ROUND_ID}`;

  beforeAll(async () => {
    s = await startDemoService(kind);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  const allFlags = () => roundFlags(s, DEMO_ROUND_ID);
  const expectSameAsFull = (step: string) => expectFlagsOfFullRecompute(s, DEMO_ROUND_ID, step);

  const sheet = (table: string, agency: string) => demoSheet(s, table, agency);
  const put = (table: string, agency: string, edit: (rows: SheetRow[]) => SheetRow[]) =>
    editDemoSheet(s, table, agency, edit);

  it('starts from a demo round whose flags a full recompute confirms', async () => {
    expect((await expectSameAsFull('step 1')).length).toBeGreaterThan(0);
  });

  it('syncs a table the consistency rules do not read (Phụ lục I) and leaves the flags as they are', async () => {
    const targets = await sheet('targets', 'so-khcn');
    expect(targets.rows.length).toBeGreaterThan(1);
    const before = await allFlags();
    await put('targets', 'so-khcn', (rows) =>
      rows.map((r, i) => (i === 0 ? { ...r, target: `${String(r.target ?? '')} (cập nhật)` } : r)),
    );
    await put('targets', 'so-khcn', (rows) => rows.slice(1));
    expect(await allFlags()).toEqual(before);
  });

  it('stays exact through copies, changed amounts, deletions and restorations across agencies', async () => {
    const health = await sheet('budget', 'so-y-te');
    const healthTasks = await sheet('tasks', 'so-y-te');
    expect(health.rows.length).toBeGreaterThan(0);
    expect(healthTasks.rows.length).toBeGreaterThan(0);
    const codes = new Set<string>();

    // Sở Nông nghiệp và Môi trường sends a copy of a health budget line with other amounts
    // (conflicting_amounts, submitter_not_involved) and a copy of a health task.
    const line = health.rows.find((r) => typeof r.total === 'number' && typeof r.y2027 === 'number')!;
    expect(line).toBeDefined();
    await put('budget', 'so-nn-mt', (rows) => [
      ...rows,
      { ...line, uid: 'nnmt-copy-1', total: (line.total as number) + 500, y2027: (line.y2027 as number) + 500 },
    ]);
    await put('tasks', 'so-nn-mt', (rows) => [...rows, { ...healthTasks.rows[0]!, uid: 'nnmt-copy-2' }]);
    for (const f of await expectSameAsFull('step 2')) codes.add(JSON.parse(f)[1]);

    // Sở Y tế changes the very line that was copied, then renames a task close to another's.
    await put('budget', 'so-y-te', (rows) =>
      rows.map((r) =>
        r.uid === line.uid ? { ...r, total: (r.total as number) + 1000, y2027: (r.y2027 as number) + 1000 } : r,
      ),
    );
    await put('tasks', 'so-y-te', (rows) =>
      rows.map((r, i) => (i === 1 ? { ...r, name: `${String(r.name)} trên địa bàn tỉnh` } : r)),
    );
    for (const f of await expectSameAsFull('step 3')) codes.add(JSON.parse(f)[1]);

    // Sở Y tế removes half of its budget sheet, then puts it back.
    await put('budget', 'so-y-te', (rows) => rows.filter((_, i) => i % 2 === 0));
    await expectSameAsFull('step 4');
    await put('budget', 'so-y-te', () =>
      health.rows.map((r) =>
        r.uid === line.uid ? { ...r, total: (r.total as number) + 1000, y2027: (r.y2027 as number) + 1000 } : r,
      ),
    );
    for (const f of await expectSameAsFull('step 5')) codes.add(JSON.parse(f)[1]);

    // A third agency joins the task the two already share: the flag about the two becomes one
    // flag about three. It leaves again: the flag about the two comes back.
    await put('budget', 'so-tai-chinh', (rows) => [
      ...rows,
      { ...line, uid: 'tc-copy-1', total: (line.total as number) + 7000, y2027: (line.y2027 as number) + 7000 },
    ]);
    await put('tasks', 'so-tai-chinh', (rows) => [
      ...rows,
      { ...healthTasks.rows[0]!, uid: 'tc-copy-2', lead: 'Sở Tài chính' },
    ]);
    await expectSameAsFull('step 6: a third agency joins');
    await put('budget', 'so-tai-chinh', (rows) => rows.filter((r) => r.uid !== 'tc-copy-1'));
    await put('tasks', 'so-tai-chinh', (rows) => rows.filter((r) => r.uid !== 'tc-copy-2'));
    await expectSameAsFull('step 7: the third agency leaves');

    // A budget line that no task matched (Công an tỉnh's I/B 7) gets a task from another agency,
    // which then withdraws it: the line's unlinked_budget flag goes, and comes back.
    const unlinked = (await allFlags())
      .map((f) => JSON.parse(f))
      .filter((f) => f[1] === 'unlinked_budget' && f[5][0].uid === 'demo-budget-013');
    expect(unlinked).toHaveLength(1);
    await put('tasks', 'so-tai-chinh', (rows) => [
      ...rows,
      {
        ...healthTasks.rows[0]!,
        uid: 'tc-task-3',
        code: '',
        name: 'Xây dựng Trung tâm Giám sát an ninh mạng',
        lead: 'Công an tỉnh',
        partners: '',
      },
    ]);
    const linked = await expectSameAsFull('step 8: a task for an unlinked line');
    expect(linked.map((f) => JSON.parse(f)[0])).not.toContain(unlinked[0][0]);
    await put('tasks', 'so-tai-chinh', (rows) => rows.filter((r) => r.uid !== 'tc-task-3'));
    expect((await expectSameAsFull('step 9: the task withdrawn')).map((f) => JSON.parse(f)[0])).toContain(
      unlinked[0][0],
    );

    // A task that Phường Lào Cai's smart-city line could be linked to, but its link stays with Sở
    // Xây dựng's task: the reviewed flag about the two is worked out again, unchanged, and keeps
    // the validator's review.
    const smartCity = (await allFlags())
      .map((f) => JSON.parse(f))
      .find((f) => f[1] === 'conflicting_lead' && f[5].some((r: { uid: string }) => r.uid === 'demo-budget-017'));
    expect(smartCity).toBeDefined();
    const smartCityStatus = (res: { body: { flags: { id: string; status: string }[] } }) =>
      res.body.flags.find((f) => f.id === smartCity[0])?.status;
    expect(
      (
        await s.call('POST', `${base}/flags/${smartCity[0]}/review`, {
          body: { action: 'accept', note: 'Đã thống nhất' },
        })
      ).status,
    ).toBe(200);
    await put('tasks', 'so-tai-chinh', (rows) => [
      ...rows,
      {
        ...healthTasks.rows[0]!,
        uid: 'tc-task-4',
        code: '',
        name: 'Phát triển đô thị thông minh gắn với chuyển đổi số',
        lead: 'Sở Tài chính',
        partners: '',
      },
    ]);
    expect(smartCityStatus(await s.call('GET', `${base}/flags?limit=1000`))).toBe('accepted');
    await expectSameAsFull('step 10: a task near a reviewed link');
    expect(smartCityStatus(await s.call('GET', `${base}/flags?limit=1000`))).toBe('accepted');
    await put('tasks', 'so-tai-chinh', (rows) => rows.filter((r) => r.uid !== 'tc-task-4'));
    await expectSameAsFull('step 11: the task withdrawn');

    // The agency that copied withdraws its copies.
    await put('budget', 'so-nn-mt', (rows) => rows.filter((r) => r.uid !== 'nnmt-copy-1'));
    await put('tasks', 'so-nn-mt', (rows) => rows.filter((r) => r.uid !== 'nnmt-copy-2'));
    await expectSameAsFull('step 12');

    // The edits reached the cross-agency rules, not only the round-wide ones.
    for (const code of ['conflicting_amounts', 'declared_total_mismatch', 'possible_duplicate'])
      expect(codes).toContain(code);
  }, 120_000);

  it('answers a one-row edit with every open flag about the agency, those on rows it did not touch too', async () => {
    // SKH&CN leads twenty of the demo round's flags. A sync works out the flags of the rows it changed only; its answer must still list the
    // agency's other flags, as the round's list holds them, with their reviews.
    const listed = async (agency: string) => {
      const mine = (await s.call('GET', `${base}/flags?agency=${agency}&limit=1000`)).body.flags;
      const roundWide = (await s.call('GET', `${base}/flags?limit=1000`)).body.flags.filter((f: { code: string }) =>
        hasScope(f.code, 'round'),
      );
      const all = new Map(
        [...mine, ...roundWide].map(
          (f: { id: string; code: string; severity: string; status: string; message: string }) => [
            f.id,
            { id: f.id, code: f.code, severity: f.severity, status: f.status, message: flagExcerpt(f.message) },
          ],
        ),
      );
      return [...all.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    };
    const science = await sheet('budget', 'so-khcn');
    const edited = science.rows.find((r) => typeof r.total === 'number' && typeof r.y2030 === 'number')!;
    const reviewed = (await s.call('GET', `${base}/flags?agency=so-khcn&limit=1000`)).body.flags.find(
      (f: { code: string; rows: { uid: string }[] }) =>
        f.code !== 'declared_total_mismatch' && !f.rows.some((r) => r.uid === edited.uid),
    );
    expect(reviewed).toBeDefined();
    expect(
      (await s.call('POST', `${base}/flags/${reviewed.id}/review`, { body: { action: 'accept', note: 'Đã rà soát' } }))
        .status,
    ).toBe(200);
    const answer = await put('budget', 'so-khcn', (rows) =>
      rows.map((r) =>
        r.uid === edited.uid ? { ...r, total: (r.total as number) + 1, y2030: (r.y2030 as number) + 1 } : r,
      ),
    );
    const after = await listed('so-khcn');
    expect(after.find((f) => f.id === reviewed.id)?.status).toBe('accepted');
    expect([...answer.flags].sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1))).toEqual(after);
    // Most of them are about rows the edit did not touch.
    const touching = (await s.call('GET', `${base}/flags?agency=so-khcn&limit=1000`)).body.flags.filter(
      (f: { rows: { uid: string }[] }) => f.rows.some((r) => r.uid === edited.uid),
    );
    expect(after.length - touching.length).toBeGreaterThan(2);
    await expectSameAsFull('a one-row edit');
  });

  it('works the flags of open rounds out again when the registry changes, since no sync would', async () => {
    // Messages name the agencies that sent the rows: renaming one changes flags on rows no one touched.
    const duplicate = (await allFlags()).map((f) => JSON.parse(f)).find((f) => f[1] === 'possible_duplicate');
    expect(duplicate).toBeDefined();
    const agency = (await s.call('GET', '/api/v1/registry')).body.agencies.find(
      (a: { id: string }) => a.id === duplicate[4][0],
    );
    const renamed = `${agency.name} (tên mới)`;
    const save = await s.call('PUT', `/api/v1/registry/agencies/${agency.id}`, {
      token: s.tokens.admin,
      body: { name: renamed, kind: agency.kind, aliases: [...agency.aliases, agency.name], formerly: agency.formerly },
    });
    expect(save.status).toBe(200);
    const flags = await expectSameAsFull('after a rename');
    expect(flags.find((f) => JSON.parse(f)[0] === duplicate[0])).toContain(renamed);
  });

  it('stays exact when the round index starts cold, as after a registry change', async () => {
    // Saving an agency gives the registry a new matcher, and the round a new index: the next
    // sync must find the agency's sheet as it read it, here the row it withdraws.
    const health = await sheet('tasks', 'so-y-te');
    await put('tasks', 'so-tai-chinh', (rows) => [
      ...rows,
      { ...health.rows[0]!, uid: 'tc-cold-1', lead: 'Sở Tài chính' },
    ]);
    expect((await allFlags()).some((f) => f.includes('tc-cold-1'))).toBe(true);
    const agency = (await s.call('GET', '/api/v1/registry')).body.agencies.find(
      (a: { id: string }) => a.id === 'so-tai-chinh',
    );
    expect(
      (
        await s.call('PUT', `/api/v1/registry/agencies/${agency.id}`, {
          token: s.tokens.admin,
          body: {
            name: agency.name,
            kind: agency.kind,
            aliases: [...agency.aliases, 'STC Lào Cai'],
            formerly: agency.formerly,
          },
        })
      ).status,
    ).toBe(200);
    await put('tasks', 'so-tai-chinh', (rows) => rows.filter((r) => r.uid !== 'tc-cold-1'));
    expect((await allFlags()).some((f) => f.includes('tc-cold-1'))).toBe(false);
    await expectSameAsFull('withdrawn after a cold start');
  });
  it('stays exact when another service process synced a sheet this one holds', async () => {
    // Another process has a round index of its own: the same database through another Kysely object.
    const other = s.db.withSchema('public');
    const round = await getRound(s.db, DEMO_ROUND_ID);
    const matcher = await new RegistryStore(s.db).matcher();
    const token = await s.db
      .selectFrom('tokens')
      .select(['id', 'label'])
      .where('role', '=', 'coordinator')
      .executeTakeFirstOrThrow();
    const principal = {
      tokenId: token.id,
      role: 'coordinator' as const,
      agencyId: 'so-khcn',
      label: token.label ?? 'Điều phối',
    };
    // This process holds Sở Tài chính's tasks sheet: a sync of it, even unchanged, puts it in the index.
    await put('tasks', 'so-tai-chinh', (rows) => rows);
    const current = await sheet('tasks', 'so-tai-chinh');
    const health = await sheet('tasks', 'so-y-te');
    const body = {
      baseVersion: current.version,
      rows: [...current.rows, { ...health.rows[0]!, uid: 'tc-other-1', lead: 'Sở Tài chính' }] as never,
    };
    const findings = checkSheet({ round, table: 'tasks', body, matcher });
    const input = {
      round,
      table: 'tasks' as const,
      agencyId: 'so-tai-chinh',
      principal,
      body,
      idempotencyKey: newKey(),
      requestHash: newKey(),
      matcher,
      now: new Date(),
    };
    const [outcome] = await syncSheets(other, [{ input, findings }]);
    expect(outcome).toMatchObject({ status: 200 });
    expect((await allFlags()).some((f) => f.includes('tc-other-1'))).toBe(true);
    // This process still holds the sheet as it was before; its next sync, which withdraws the row
    // the other process added, must find that row and settle its flags.
    await put('tasks', 'so-tai-chinh', (rows) => rows.filter((r) => r.uid !== 'tc-other-1'));
    expect((await allFlags()).some((f) => f.includes('tc-other-1'))).toBe(false);
    await expectSameAsFull('after another process');
  });
});
