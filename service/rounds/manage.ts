/**
 * Opening and editing rounds (coordinators), shared by the API and the web console: the expected
 * agencies must be in the registry, a round id is taken once, and every change is audited.
 */

import type { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';
import { recordChange } from '../audit.js';
import type { Principal } from '../context.js';
import { ApiError } from '../errors.js';
import type { RegistryStore } from '../registry-store.js';
import { getRound, type Round, type roundInputSchema, type roundPatchSchema, toRound } from './round.js';

export type RoundInput = z.infer<typeof roundInputSchema>;
export type RoundPatch = z.infer<typeof roundPatchSchema>;

interface Actor {
  db: Kysely<Database>;
  registry: RegistryStore;
  principal: Principal;
}

/** Open a round; `conflict` when the id is taken, `validation_failed` for an unknown agency. */
export async function createRound({ db, registry, principal }: Actor, input: RoundInput): Promise<Round> {
  await assertAgencies(registry, input.expectedAgencies);
  const exists = await db.selectFrom('rounds').select('id').where('id', '=', input.id).executeTakeFirst();
  if (exists) throw new ApiError('conflict', `Đã có đợt mang mã «${input.id}».`);
  const row = await db
    .insertInto('rounds')
    .values({
      id: input.id,
      name: input.name,
      kind: input.kind,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      due_date: input.dueDate,
      status: input.status,
      outline: toJsonb(input.outline),
      expected_agencies: toJsonb(input.expectedAgencies),
      declared_totals: input.declaredTotals ? toJsonb(input.declaredTotals) : null,
      require_submission: input.requireSubmission,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(db, principal, { roundId: row.id, action: 'round_create', after: toRound(row) });
  return toRound(row);
}

/** Change some fields of a round (name, due date, open/closed, outline, expected agencies, declared totals). */
export async function updateRound({ db, registry, principal }: Actor, id: string, input: RoundPatch): Promise<Round> {
  const before = await getRound(db, id);
  if (input.expectedAgencies) await assertAgencies(registry, input.expectedAgencies);
  const row = await db
    .updateTable('rounds')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.dueDate !== undefined ? { due_date: input.dueDate } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.outline !== undefined ? { outline: toJsonb(input.outline) } : {}),
      ...(input.expectedAgencies !== undefined ? { expected_agencies: toJsonb(input.expectedAgencies) } : {}),
      ...(input.declaredTotals !== undefined
        ? { declared_totals: input.declaredTotals ? toJsonb(input.declaredTotals) : null }
        : {}),
      ...(input.requireSubmission !== undefined ? { require_submission: input.requireSubmission } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(db, principal, { roundId: id, action: 'round_update', before, after: toRound(row) });
  return toRound(row);
}

async function assertAgencies(registry: RegistryStore, ids: readonly string[]) {
  const unknown: string[] = [];
  for (const id of ids) if (!(await registry.get(id))) unknown.push(id);
  if (unknown.length > 0)
    throw new ApiError(
      'validation_failed',
      `Không có cơ quan mang mã ${unknown.map((u) => `«${u}»`).join(', ')} trong danh mục.`,
    );
}
