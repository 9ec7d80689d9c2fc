/**
 * The review queue's address: filters, sort and page as query parameters, read leniently (an
 * unknown value is dropped, not an error: addresses get bookmarked and shared) and written back
 * in one canonical order.
 */
import { z } from 'zod';
import { FLAG_CODES, FLAG_SEVERITIES, TABLE_NAMES } from '../../domain/index.js';
import { FLAG_SORTS, type FlagFilters, type FlagSort, SORT_DIRECTIONS, type SortDirection } from '../flags/query.js';
import { FLAG_STATUSES } from '../flags/review.js';

export const PAGE_SIZE = 50;

const lenient = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

const querySchema = z.object({
  code: lenient(z.enum(FLAG_CODES)),
  agency: lenient(z.string().regex(/^[a-z0-9-]{1,100}$/)),
  severity: lenient(z.enum(FLAG_SEVERITIES)),
  status: lenient(z.enum(FLAG_STATUSES)),
  section: lenient(z.string().regex(/^[IVXL]{1,6}(\/[A-Z])?$/)),
  table: lenient(z.enum(TABLE_NAMES)),
  q: lenient(z.string().max(200)),
  sort: lenient(z.enum(FLAG_SORTS)),
  dir: lenient(z.enum(SORT_DIRECTIONS)),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export interface QueueParams {
  filters: FlagFilters;
  sort: FlagSort;
  dir: SortDirection;
  page: number;
}

export function parseQueueParams(query: Record<string, string>): QueueParams {
  const q = querySchema.parse(query);
  return {
    filters: {
      code: q.code,
      agencyId: q.agency,
      severity: q.severity,
      status: q.status,
      section: q.section,
      table: q.table,
      text: q.q?.normalize('NFC').trim() || undefined,
    },
    sort: q.sort ?? 'severity',
    dir: q.dir ?? 'asc',
    page: q.page,
  };
}

/** The query string of `p` with some parts changed; defaults are left out. */
export function queueQuery(p: QueueParams, change: Partial<QueueParams> = {}): string {
  const next = { ...p, ...change, filters: { ...p.filters, ...(change.filters ?? {}) } };
  const out = new URLSearchParams();
  const f = next.filters;
  if (f.code) out.set('code', f.code);
  if (f.agencyId) out.set('agency', f.agencyId);
  if (f.severity) out.set('severity', f.severity);
  if (f.status) out.set('status', f.status);
  if (f.section) out.set('section', f.section);
  if (f.table) out.set('table', f.table);
  if (f.text) out.set('q', f.text);
  if (next.sort !== 'severity') out.set('sort', next.sort);
  if (next.dir !== 'asc') out.set('dir', next.dir);
  if (next.page > 1) out.set('page', String(next.page));
  return out.toString();
}
