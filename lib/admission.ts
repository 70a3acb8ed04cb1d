/**
 * How many requests an instance renders at once (server.ts). Node interleaves every request it has
 * accepted, so under a burst each one waits for all the others and the slowest responses get slow
 * (processor sharing); letting a few render and the rest wait their turn in arrival order serves the
 * same number of requests with a much shorter tail (bench-portal, 50 users: p95 −35 to −60 %).
 *
 * A request holds its place until its response ends, or for `leaseMs` at most: a long one (a CSV
 * export streaming, an upload arriving slowly) then goes on beside the others instead of holding
 * everyone up. Not a pure rule of the domain: plain code with no import, used before Next starts.
 */
export class Admission {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    readonly leaseMs: number,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`Admission: max must be a positive integer (${max})`);
  }

  /** Requests rendering now, and waiting for their turn. */
  get load() {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Runs `start` now if a place is free, else once the requests before it have ended. `start` gets
   * `release`, to call when the request ends (more calls do nothing); `gone()` true when its turn
   * comes means the client left meanwhile: it is skipped.
   */
  enter(start: (release: () => void) => void, gone: () => boolean = () => false) {
    const admit = () => {
      if (gone()) return this.next();
      this.running++;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearTimeout(lease);
        this.running--;
        this.next();
      };
      const lease = setTimeout(release, this.leaseMs);
      start(release);
    };
    if (this.running < this.max) admit();
    else this.waiting.push(admit);
  }

  private next() {
    if (this.running < this.max) this.waiting.shift()?.();
  }
}
