/**
 * What the checks learn about each row (amounts, matched agencies, time frame), kept column-wise
 * while checking: typed arrays and plain arrays instead of three objects per row. The totals
 * read it directly; `rowFacts()` builds the per-row objects for the callers that want them.
 */
import type { AgencyMatch } from '../parse/agency.js';
import type { Timeframe } from '../parse/timeframe.js';
import type { TableDef } from '../tables.js';

/** What the checks learned about a row, for totals and for the callers (merge, flags). */
export interface RowFacts {
  amounts: Record<string, number | null>;
  agencies: Record<string, AgencyMatch[]>;
  timeframe: Timeframe | null;
  /** An amount cell could not be read: sums over the row would mislead. */
  unreadableAmount?: true;
}

/**
 * State of an amount slot: 0 never set (the cell was not text or a number), blank, a value, or
 * unreadable (read as blank, and remembered so that a total over it is not called wrong).
 */
const BLANK = 1;
const VALUE = 2;
const UNREADABLE = 3;

export class FactTable {
  /** Keys of the amount columns, in column order (the order of `RowFacts.amounts`). */
  readonly amountKeys: readonly string[];
  /** Keys of the agency columns, in column order (the order of `RowFacts.agencies`). */
  readonly agencyKeys: readonly string[];
  /** Amount slots per row. */
  private readonly width: number;
  /** Amounts by row and slot; 0 in slots without a value (see `addAmounts`). */
  private readonly values: Float64Array;
  private readonly states: Uint8Array;
  private readonly matches: (AgencyMatch[] | undefined)[][];
  private readonly timeframes: (Timeframe | null)[] | null;
  private readonly unreadable: Uint8Array;

  constructor(
    def: TableDef,
    readonly rows: number,
  ) {
    this.amountKeys = def.columns.filter((c) => c.type === 'amount').map((c) => c.key);
    this.agencyKeys = def.columns.filter((c) => c.type === 'agency' || c.type === 'agencies').map((c) => c.key);
    this.width = this.amountKeys.length;
    this.values = new Float64Array(rows * this.width);
    this.states = new Uint8Array(rows * this.width);
    this.matches = this.agencyKeys.map(() => new Array<AgencyMatch[] | undefined>(rows));
    this.timeframes = def.columns.some((c) => c.type === 'timeframe')
      ? new Array<Timeframe | null>(rows).fill(null)
      : null;
    this.unreadable = new Uint8Array(rows);
  }

  /** Index of an amount column among `amountKeys`, -1 when the key is not one. */
  amountSlot(key: string | null): number {
    return key === null ? -1 : this.amountKeys.indexOf(key);
  }

  agencySlot(key: string | null): number {
    return key === null ? -1 : this.agencyKeys.indexOf(key);
  }

  setAmount(row: number, slot: number, value: number | null): void {
    const at = row * this.width + slot;
    if (value === null) this.states[at] = BLANK;
    else {
      this.states[at] = VALUE;
      this.values[at] = value;
    }
  }

  /** The amount of a row's cell: a number, null when blank or unreadable, undefined when never set. */
  amount(row: number, slot: number): number | null | undefined {
    if (slot < 0) return undefined;
    const at = row * this.width + slot;
    const state = this.states[at];
    return state === VALUE ? this.values[at]! : state === BLANK || state === UNREADABLE ? null : undefined;
  }

  /**
   * Add the amounts of a row to each of `sums` (indexed by slot), as `sums[slot] += amount` for
   * every cell that holds one. Blank and unset cells keep the value 0 they were created with,
   * and adding 0 changes no sum (sums start at +0, so they are never -0): zeros are skipped
   * without looking at the cell's state.
   */
  addAmounts(row: number, sums: readonly Float64Array[]): void {
    const at = row * this.width;
    for (let slot = 0; slot < this.width; slot++) {
      const value = this.values[at + slot]!;
      if (value !== 0) for (let t = 0; t < sums.length; t++) sums[t]![slot]! += value;
    }
  }

  /** The cell could not be read as an amount: it counts as blank, and the row is marked. */
  markUnreadable(row: number, slot: number): void {
    this.states[row * this.width + slot] = UNREADABLE;
    this.values[row * this.width + slot] = 0;
    this.unreadable[row] = 1;
  }

  isUnreadable(row: number): boolean {
    return this.unreadable[row] === 1;
  }

  isUnreadableCell(row: number, slot: number): boolean {
    return slot >= 0 && this.states[row * this.width + slot] === UNREADABLE;
  }

  setAgencies(row: number, slot: number, matches: AgencyMatch[]): void {
    this.matches[slot]![row] = matches;
  }

  agencies(row: number, slot: number): AgencyMatch[] | undefined {
    return slot < 0 ? undefined : this.matches[slot]![row];
  }

  setTimeframe(row: number, value: Timeframe | null): void {
    this.timeframes![row] = value;
  }

  /** The per-row objects, with keys in the order the checks met the columns. */
  rowFacts(): RowFacts[] {
    const out: RowFacts[] = new Array(this.rows);
    for (let row = 0; row < this.rows; row++) {
      const amounts: Record<string, number | null> = {};
      for (let slot = 0; slot < this.amountKeys.length; slot++) {
        const value = this.amount(row, slot);
        if (value !== undefined) amounts[this.amountKeys[slot]!] = value;
      }
      const agencies: Record<string, AgencyMatch[]> = {};
      for (let slot = 0; slot < this.agencyKeys.length; slot++) {
        const matches = this.matches[slot]![row];
        if (matches !== undefined) agencies[this.agencyKeys[slot]!] = matches;
      }
      const facts: RowFacts = { amounts, agencies, timeframe: this.timeframes ? this.timeframes[row]! : null };
      if (this.unreadable[row] === 1) facts.unreadableAmount = true;
      out[row] = facts;
    }
    return out;
  }
}
