/**
 * Checking as the user types, without slowing the typing: a check starts only after a pause,
 * never two at once, and the pause grows to twice what the last check took — on a sheet of
 * 20,000 rows the pane waits a little longer rather than keep Excel busy.
 */
export class LiveCheck {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private again = false;
  private lastMs = 0;

  /** `run` returns false when it could not run now (another action is busy): it is tried again later. */
  constructor(
    private readonly run: () => Promise<boolean>,
    private readonly minDelayMs = 700,
  ) {}

  get delayMs(): number {
    return Math.max(this.minDelayMs, this.lastMs * 2);
  }

  /** An edit happened: check after the next pause. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fire(), this.delayMs);
  }

  private async fire(): Promise<void> {
    this.timer = null;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    const started = Date.now();
    let ran = true;
    try {
      ran = await this.run();
      if (ran) this.lastMs = Date.now() - started;
    } finally {
      this.running = false;
      if (this.again || !ran) {
        this.again = false;
        this.schedule();
      }
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
