/**
 * The round-wide flags (declared_total_mismatch, missing_submission) without the whole round.
 *
 * The declared totals are sums over every agency's leaf budget rows, and the non-state figure
 * lists the enterprise-led ones; leaves are decided within a sheet and enterprise money by a row's
 * leads (sources.ts). So each budget sheet can be reduced, once per version, to its
 * enterprise-led leaves (which the flag names) and one stand-in row holding the rest of its
 * money: the rules run on the reduced sheets give the same flags as on the whole round, with
 * the same ids and fingerprints. The rules themselves work out the sums, so leaves, blank
 * totals and enterprise leads keep meaning what they mean there.
 */
import { computeFlags, tableDef, type AgencyMatcher, type ConsistencyInput, type Flag, type Period, type SheetRowRecord } from '../../domain/index.js';

export const ROUND_WIDE: ReadonlySet<string> = new Set(['declared_total_mismatch', 'missing_submission']);

/** Declared figures no sum can reach: each flag they raise reports the sum it found. */
const PROBE = -1e15;

interface Sums {
  /** By amount column (total and years). */
  sums: Record<string, number>;
  /** Uids of the enterprise-led leaves. */
  enterprise: Set<string>;
}

function sumsOf(rows: readonly SheetRowRecord[], matcher: AgencyMatcher, period: Period): Sums {
  const def = tableDef('budget', period);
  const probes = new Map<number, string>([[PROBE, def.totalKey!], ...def.yearKeys.map((k, i) => [PROBE - 1 - i, k] as [number, string])]);
  const years = Object.fromEntries(def.yearKeys.map((k, i) => [k.slice(1), PROBE - 1 - i]));
  const flags = computeFlags({
    rows: [...rows],
    matcher,
    period,
    declaredTotals: { grand: PROBE, years, sources: { non_state: PROBE - 100 } },
    expectedAgencies: [],
    lastSyncByAgency: {},
    dueDate: null,
    now: new Date(0),
    agencyName: (id) => id,
  });
  const out: Sums = { sums: Object.fromEntries(def.amountKeys.map((k) => [k, 0])), enterprise: new Set() };
  for (const f of flags) {
    if (f.code !== 'declared_total_mismatch') continue;
    const declared = f.figures.declared as number;
    const key = probes.get(declared);
    if (key) out.sums[key] = f.figures.actual as number;
    else if (declared === PROBE - 100) for (const r of f.rows) out.enterprise.add(r.uid);
  }
  return out;
}

/**
 * A budget sheet as the round-wide rules need it: its enterprise-led leaves, and one row with
 * the money of its other leaves. Names and partners are left out (the rules do not read them
 * here, and reading them is most of the work).
 */
export function reduceBudgetSheet(agencyId: string, rows: readonly SheetRowRecord[], matcher: AgencyMatcher, period: Period): SheetRowRecord[] {
  if (rows.length === 0) return [];
  const def = tableDef('budget', period);
  const bare = rows.map((r) => ({ ...r, cells: { ...r.cells, [def.nameKey]: null, [def.partnersKey!]: null } }));
  const all = sumsOf(bare, matcher, period);
  const enterprise = bare.filter((r) => all.enterprise.has(r.uid));
  const theirs = enterprise.length > 0 ? sumsOf(enterprise, matcher, period).sums : Object.fromEntries(def.amountKeys.map((k) => [k, 0]));
  const rest = Object.fromEntries(def.amountKeys.map((k) => [k, all.sums[k]! - theirs[k]!]));
  // No lead (so not enterprise money), no code (so a leaf), no name (so alike with nothing).
  const standIn: SheetRowRecord = { table: 'budget', uid: `\u0000rest:${agencyId}`, agencyId, section: '', code: '', cells: rest, rowHash: '' };
  return [standIn, ...enterprise];
}

/** The round-wide flags, from every budget sheet reduced (`reduceBudgetSheet`). */
export function roundWideFlags(reduced: readonly SheetRowRecord[], input: Omit<ConsistencyInput, 'rows'>): Flag[] {
  const rows = input.declaredTotals ? [...reduced] : [];
  return computeFlags({ ...input, rows }).filter((f) => ROUND_WIDE.has(f.code));
}
