/**
 * Long work on the service's one thread, cut into slices: readers (a flags page, a merged pull)
 * are answered between them instead of waiting for the whole computation. Measured with
 * bench/deadline-day.ts (event-loop delay of the service during the spike).
 *
 * @example
 * const slices = new TimeSlices();
 * for (const row of rows) { work(row); await slices.pause(); }
 */
const SLICE_MS = 20;

/** Yields to the event loop: whatever is ready runs first (setImmediate comes after I/O). */
export const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

export class TimeSlices {
  private until: number;
  private steps = 0;

  constructor(private readonly sliceMs = SLICE_MS) {
    this.until = performance.now() + sliceMs;
  }

  /** Yields once the current slice is used up; reads the clock every 64 steps only. */
  async pause(): Promise<void> {
    if ((++this.steps & 63) !== 0 || performance.now() < this.until) return;
    await yieldNow();
    this.until = performance.now() + this.sliceMs;
  }

  /** Yields now, and starts a new slice. */
  async next(): Promise<void> {
    await yieldNow();
    this.until = performance.now() + this.sliceMs;
  }
}
