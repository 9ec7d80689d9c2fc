/**
 * The merged appendix of a round as a file to download, in the official layout: `.csv`, or
 * `.xlsx` streamed with the open flags as cell notes. Shared by the API and the web console.
 */
import { PassThrough, Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { flagExcerpt, pulledLine, type TableName } from '../../domain/index.js';
import { type CsvSeparator, writeMergedCsv, writeMergedXlsx } from '../exports/index.js';
import type { RegistryStore } from '../registry-store.js';
import type { Round } from '../rounds/round.js';
import { loadMerged } from './load-merged.js';

/** The province's clock, for the «lấy lúc» time printed under the title. */
const PROVINCE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const MERGED_FILE_TYPES = ['.csv', '.xlsx'] as const;
export type MergedFileType = (typeof MERGED_FILE_TYPES)[number];

/** @example return mergedFile(db, registry, round, 'budget', '.xlsx'); */
export async function mergedFile(
  db: Kysely<Database>,
  registry: RegistryStore,
  round: Round,
  table: TableName,
  type: MergedFileType,
  separator: CsvSeparator = ',',
): Promise<Response> {
  const { merged, flagsByUid } = await loadMerged(db, round, table);
  const names = new Map((await registry.all()).map((a) => [a.id, a.name]));
  const agencyName = (id: string) => names.get(id) ?? id;
  const filename = `${round.id}-${table}`;
  if (type === '.csv') {
    const chunks: string[] = [];
    await writeMergedCsv(merged, (s) => chunks.push(s), { agencyName, separator });
    return new Response(chunks.join(''), {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}.csv"`,
      },
    });
  }
  const flagsByCell = new Map(
    [...flagsByUid].map(([uid, list]) => [`${uid}:`, list.map((f) => flagExcerpt(f.message))]),
  );
  const pass = new PassThrough();
  writeMergedXlsx(merged, {
    agencyName,
    flagsByCell,
    stream: pass,
    subtitle: pulledLine(round.name, new Date(), PROVINCE_TIME_ZONE),
  }).catch((e) => pass.destroy(e));
  return new Response(Readable.toWeb(pass) as ReadableStream, {
    status: 200,
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${filename}.xlsx"`,
    },
  });
}
