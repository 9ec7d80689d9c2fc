/**
 * The round-wide flags (declared_total_mismatch, missing_submission, a progress round's rules)
 * without the whole round.
 *
 * The declared totals are sums over every agency's leaf budget rows, and the non-state figure
 * lists the enterprise-led ones; leaves are decided within a sheet and enterprise money by a row's
 * leads (sources.ts). So each budget sheet is reduced, once per version, to its enterprise-led
 * leaves and the sums of its other leaves, and the rules run on the reductions:
 * - grand total, years and state budget on one stand-in row per sheet plus one enterprise-led
 *   stand-in for all enterprise money;
 * - the non-state figure, which names its rows, on the enterprise-led leaves themselves (they
 *   rarely change, so that result is kept).
 * Both give the flags the whole round gives, with the same ids and fingerprints; the rules work
 * out every sum, so leaves, blank totals and enterprise leads keep their meaning.
 */
import {
  type AgencyMatcher,
  type ConsistencyInput,
  computeFlags,
  type Flag,
  flagRulesWith,
  type Period,
  type SheetRowRecord,
  tableDef,
} from '../../domain/index.js';

const roundRules = flagRulesWith('round');
/** Round-wide rules that read only each budget sheet's sums: they run on the reduced sheets. */
const onSums = roundRules.filter((r) => r.reads.includes('budget_sums'));
/** Round-wide rules that read no rows: they run on none. */
const rowless = roundRules.filter((r) => !r.reads.includes('budget_sums') && !r.reads.includes('rows'));
// A round-wide rule that reads rows would need the whole round after every sync: the engine has no way to.
const unplaced = roundRules.filter((r) => !onSums.includes(r) && !rowless.includes(r));
if (unplaced.length > 0)
  throw new Error(`Round-wide flag rules must read budget_sums or no rows: ${unplaced.map((r) => r.code).join(', ')}`);

/** A budget sheet as the declared totals read it. */
export interface ReducedSheet {
  /** One row with the money of the sheet's leaves that are not enterprise-led. */
  rest: SheetRowRecord;
  /** The enterprise-led leaves, as they are. */
  enterprise: SheetRowRecord[];
  /** Their money, by amount column. */
  enterpriseSums: Record<string, number>;
}

/**
 * The rules on budget sums alone, as computeFlags runs them: the other rules read names and pair
 * rows, which reduced rows leave out, and cost most of a run.
 */
function declaredTotalRule(input: ConsistencyInput): Flag[] {
  return computeFlags(input, onSums);
}

/** Declared figures no sum can reach: each flag they raise reports the sum it found. */
const PROBE = -1e15;
const ENTERPRISE = '\u0000enterprise';

function sumsOf(
  rows: readonly SheetRowRecord[],
  matcher: AgencyMatcher,
  period: Period,
): { sums: Record<string, number>; enterprise: Set<string> } {
  const def = tableDef('budget', period);
  const years = Object.fromEntries(def.yearKeys.map((k, i) => [k.slice(1), PROBE - 1 - i]));
  const probes = new Map<number, string>([
    [PROBE, def.totalKey!],
    ...def.yearKeys.map((k, i) => [PROBE - 1 - i, k] as [number, string]),
  ]);
  const flags = declaredTotalRule({
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
  const sums: Record<string, number> = Object.fromEntries(def.amountKeys.map((k) => [k, 0]));
  const enterprise = new Set<string>();
  for (const f of flags) {
    if (f.code !== 'declared_total_mismatch') continue;
    const key = probes.get(f.figures.declared as number);
    if (key) sums[key] = f.figures.actual as number;
    else if (f.figures.declared === PROBE - 100) for (const r of f.rows) enterprise.add(r.uid);
  }
  return { sums, enterprise };
}

/**
 * A budget sheet reduced for the declared totals. Names and partners are left out: the rules do
 * not read them for totals, and reading them is most of the work.
 */
export function reduceBudgetSheet(
  agencyId: string,
  rows: readonly SheetRowRecord[],
  matcher: AgencyMatcher,
  period: Period,
): ReducedSheet {
  const def = tableDef('budget', period);
  const bare = rows.map((r) => ({ ...r, cells: { ...r.cells, [def.nameKey]: null, [def.partnersKey!]: null } }));
  const all = sumsOf(bare, matcher, period);
  const enterprise = bare.filter((r) => all.enterprise.has(r.uid));
  const enterpriseSums =
    enterprise.length > 0
      ? sumsOf(enterprise, matcher, period).sums
      : Object.fromEntries(def.amountKeys.map((k) => [k, 0]));
  const rest = Object.fromEntries(def.amountKeys.map((k) => [k, all.sums[k]! - enterpriseSums[k]!]));
  // No lead (so not enterprise money), no code (so a leaf), no name (so alike with nothing).
  return {
    rest: { table: 'budget', uid: `\u0000rest:${agencyId}`, agencyId, section: '', code: '', cells: rest, rowHash: '' },
    enterprise,
    enterpriseSums,
  };
}

/** The last non-state result, and what it was worked out from. */
export interface NonStateCache {
  key?: string;
  flags?: Flag[];
}

/** declared_total_mismatch flags of a round, from its budget sheets reduced. */
export function declaredTotalFlags(
  sheets: readonly ReducedSheet[],
  input: Omit<ConsistencyInput, 'rows'>,
  cache: NonStateCache,
): Flag[] {
  if (!input.declaredTotals) return [];
  const only = { ...input, expectedAgencies: [], dueDate: null };
  const enterprise = sheets.flatMap((s) => s.enterprise);
  const rows = sheets.map((s) => s.rest);
  if (enterprise.length > 0) {
    const sums: Record<string, number | null> = {};
    for (const s of sheets) for (const [k, v] of Object.entries(s.enterpriseSums)) sums[k] = (sums[k] ?? 0) + v;
    // Led as a real enterprise-led line is, so that the rules count it as enterprise money.
    const lead = tableDef('budget', input.period).leadKey!;
    rows.push({
      table: 'budget',
      uid: ENTERPRISE,
      agencyId: ENTERPRISE,
      section: '',
      code: '',
      cells: { ...sums, [lead]: enterprise[0]!.cells[lead] ?? null },
      rowHash: '',
    });
  }
  const flags = declaredTotalRule({ ...only, rows }).filter((f) => !f.rows.some((r) => r.uid === ENTERPRISE));
  if (enterprise.length === 0 || input.declaredTotals.sources?.non_state === undefined) return flags;
  const key = JSON.stringify([input.declaredTotals.sources.non_state, enterprise.map((r) => `${r.uid}:${r.rowHash}`)]);
  if (cache.key !== key) {
    cache.key = key;
    cache.flags = declaredTotalRule({
      ...only,
      rows: enterprise,
      declaredTotals: { sources: { non_state: input.declaredTotals.sources.non_state } },
    });
  }
  return [...flags, ...cache.flags!];
}

/** The flags of the round-wide rules that read no rows: missing_submission, and a progress round's rules on its own context. */
export function rowlessRoundFlags(input: Omit<ConsistencyInput, 'rows'>): Flag[] {
  return computeFlags({ ...input, rows: [] }, rowless);
}
