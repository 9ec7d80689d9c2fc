import type { Kysely } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';

/** The smallest world a sheet can live in: one agency, one round, one empty sheet. */
export const SHEET = { round_id: 'de-an-11', table_name: 'phu_luc_ii', agency_id: 'so-khcn' } as const;

export async function seedSheet(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('agencies')
    .values({ id: SHEET.agency_id, name: 'Sở Khoa học và Công nghệ', kind: 'so', aliases: toJsonb(['Sở KH&CN']) })
    .execute();
  await db
    .insertInto('rounds')
    .values({ id: SHEET.round_id, name: 'Kế hoạch thực hiện Đề án 11', period_start: 2026, period_end: 2030 })
    .execute();
  await db.insertInto('sheets').values(SHEET).execute();
}

export function sheetRow(uid: string, position: number, version = 1) {
  return {
    ...SHEET,
    uid,
    position,
    version,
    code: String(position),
    data: toJsonb({ nhiem_vu: `Nhiệm vụ ${uid}` }),
    row_hash: uid,
  };
}
