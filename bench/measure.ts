/** Time a function over a fixed input: best of several runs after a warm-up, as rows per second. */
export function rowsPerSecond(rows: number, run: () => unknown, repeats = 5): number {
  run();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return rows / best;
}

export const fmtRate = (r: number) => `${Math.round(r).toLocaleString('en-US')} rows/s`;
