/**
 * A token bucket that paces sends to a rate (per second), with a burst of at most `capacity` tokens (by
 * default one second's worth). Clock and sleep are injectable so tests can run it on a fake timeline.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    capacity?: number,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError("rate must be positive");
    this.capacity = Math.max(1, capacity ?? ratePerSecond);
    this.tokens = this.capacity;
    this.last = clock();
  }

  private refill(): void {
    const now = this.clock();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  /** Tokens per second this bucket paces to. */
  get rate(): number {
    return this.ratePerSecond;
  }

  /** Waits until one token is free and takes it. */
  async take(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}
