/** Long work cut into slices lets what is waiting run between them; uncut, nothing runs until it ends. */
import { describe, expect, it } from 'vitest';
import { TimeSlices, yieldNow } from '../../service/time-slices.js';

/** Busy work for `ms`, pausing (or not) between steps; how often a waiting callback ran meanwhile. */
async function work(ms: number, slices: TimeSlices | null): Promise<{ ran: number; steps: number }> {
  let ran = 0;
  let steps = 0;
  let waiting = true;
  const waiter = () => {
    if (!waiting) return;
    ran++;
    setImmediate(waiter);
  };
  setImmediate(waiter);
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) Math.sqrt(i);
    steps++;
    if (slices) await slices.pause();
  }
  const counted = ran;
  waiting = false;
  await yieldNow();
  return { ran: counted, steps };
}

describe('TimeSlices', () => {
  it('lets a waiting callback run during long work, about once per slice', async () => {
    const { ran, steps } = await work(200, new TimeSlices(20));
    expect(ran).toBeGreaterThanOrEqual(2);
    // Not at every step: the work runs for whole slices.
    expect(ran).toBeLessThan(steps / 10);
  });

  it('holds everything for the whole work when it is not sliced', async () => {
    expect((await work(100, null)).ran).toBe(0);
  });
});
