/// <reference types="office-js" />
/**
 * Writes grouped into requests under Excel's payload limit. Operations are queued with their
 * estimated size; a request is sent when the next one would pass the budget. If Excel still
 * refuses a request as too large, it is halved and sent again — every operation here is a plain
 * "set these cells", so sending it twice is harmless.
 */
import { REQUEST_BUDGET } from '../sheet/size.js';

export interface Op {
  bytes: number;
  /** Queue the operation's commands on the context. Proxies are made here, so a retry makes fresh ones. */
  run(): void;
  /** Two smaller operations doing the same, for a request Excel found too large. */
  split?(): Op[] | null;
}

export function isPayloadError(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  return (
    err?.code === 'RequestPayloadSizeLimitExceeded' ||
    err?.code === 'PayloadTooLarge' ||
    /payload size/i.test(err?.message ?? '')
  );
}

export class WriteBatch {
  private ops: Op[] = [];
  private bytes = 0;

  constructor(
    private readonly ctx: Excel.RequestContext,
    private budget = REQUEST_BUDGET,
  ) {}

  async add(op: Op): Promise<void> {
    if (this.ops.length > 0 && this.bytes + op.bytes > this.budget) await this.flush();
    this.ops.push(op);
    this.bytes += op.bytes;
  }

  /** Send what is queued (nothing when empty). */
  async flush(): Promise<void> {
    const ops = this.ops;
    this.ops = [];
    this.bytes = 0;
    if (ops.length > 0) await this.send(ops);
  }

  private async send(ops: Op[]): Promise<void> {
    for (const op of ops) op.run();
    // Recalculating and repainting after every request would cost more than the writes.
    this.ctx.application.suspendApiCalculationUntilNextSync();
    this.ctx.application.suspendScreenUpdatingUntilNextSync();
    try {
      await this.ctx.sync();
    } catch (e) {
      if (!isPayloadError(e)) throw e;
      this.budget = Math.max(1, Math.floor(this.budget / 2));
      if (ops.length > 1) {
        const mid = ops.length >> 1;
        await this.send(ops.slice(0, mid));
        await this.send(ops.slice(mid));
        return;
      }
      const parts = ops[0]!.split?.();
      if (!parts || parts.length < 2) throw e;
      for (const part of parts) await this.send([part]);
    }
  }
}
