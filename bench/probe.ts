/**
 * Preloaded into the service by bench/deadline-day.ts (`node --import tsx --import ./bench/probe.ts
 * service/main.ts`; cluster workers inherit it): on SIGUSR2 each process appends one JSON line to
 * BENCH_PROBE_FILE with its memory and its event-loop delay since the last SIGUSR2, then starts
 * a new measure. No change to the service itself.
 */
import cluster from 'node:cluster';
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let mark = 0;
  process.on('SIGUSR2', () => {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    appendFileSync(
      file,
      `${JSON.stringify({
        pid: process.pid,
        worker: cluster.isWorker,
        phase: mark++,
        rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
        // resourceUsage().maxRSS is in kilobytes: the peak since the process started.
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        lag: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      })}\n`,
    );
    delay.reset();
  });
}
