/** npm start issues fresh demo tokens at each start and revokes the ones it issued before. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/create-db.js';
import { seedRegistry } from '../../db/seed-registry.js';
import { openTestDb } from '../../db/test-databases.js';
import { createToken } from '../../service/auth/tokens.js';
import { createDemoTokens } from '../../service/demo/demo-tokens.js';
import { registry } from '../support/fixtures.js';

describe('demo tokens', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb('pglite');
    await seedRegistry(handle.db, registry);
  });
  afterAll(() => handle.close());

  const live = async () =>
    await handle.db
      .selectFrom('tokens')
      .select(['id', 'label'])
      .where('revoked_at', 'is', null)
      .orderBy('label')
      .execute();

  it('revokes the earlier ones at the next start, old-style labels too, and no other token', async () => {
    const before = await createToken(handle.db, { role: 'validator', label: 'demo:validator' });
    const keep = await createToken(handle.db, { role: 'validator', label: 'Trần Văn Thẩm, Sở Tài chính' });
    const first = await createDemoTokens(handle.db);
    // One per role, each named for a person a civil servant would recognise, not a code.
    expect(first.map((t) => t.role)).toEqual(['coordinator', 'validator', 'admin', 'agency']);
    for (const t of first) expect(t.label).not.toMatch(/^[a-z]+[:_]/);
    const second = await createDemoTokens(handle.db);
    const ids = (await live()).map((t) => t.id).sort();
    // Only the second start's tokens and the token that is not a demo token are still valid.
    expect(ids).toEqual([keep.id, ...second.map((t) => t.id)].sort());
    expect(ids).not.toContain(before.id);
    for (const t of first) expect(ids).not.toContain(t.id);
  });
});
