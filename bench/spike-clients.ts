/** The deadline-day clients of the benches: every agency's sync sent at once, from a worker thread. */
import { Worker } from 'node:worker_threads';

export interface SpikeOutcome {
  /** The HTTP status; 0 when the request failed, -1 when the timeout cut it off. */
  status: number;
  /** From the start of the spike to this answer. */
  ms: number;
  body: { error?: { code: string; message: string } };
}

/**
 * Sends every request at once from a worker thread and waits for all answers (or the timeout):
 * each request's status and time, and the time until the last answer.
 */
export async function spikeClients(
  requests: { url: string; token: string; key: string; body: string }[],
  timeoutMs: number,
): Promise<{
  ms: number;
  aborted: boolean;
  outcomes: SpikeOutcome[];
}> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { requests, timeoutMs } = workerData;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const start = performance.now();
    Promise.all(requests.map((r) =>
      fetch(r.url, { method: 'PUT', headers: { authorization: 'Bearer ' + r.token, 'content-type': 'application/json', 'idempotency-key': r.key }, body: r.body, signal: abort.signal })
        .then(async (res) => { const body = await res.json(); return { status: res.status, ms: performance.now() - start, body: res.status === 200 ? {} : body }; })
        .catch((e) => ({ status: abort.signal.aborted ? -1 : 0, ms: performance.now() - start, body: { error: { code: e.name, message: e.message } } })),
    )).then((outcomes) => {
      clearTimeout(timer);
      parentPort.postMessage({ ms: performance.now() - start, aborted: abort.signal.aborted, outcomes });
    });`;
  const worker = new Worker(code, { eval: true, workerData: { requests, timeoutMs } });
  try {
    return await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}
