/**
 * Runs at most `concurrency` tasks at a time, the rest in arrival order. Renders are CPU- and memory-heavy
 * (a 3840x3840 RGBA layer is 59 MB), so the server runs one per core instead of one per request.
 */
export class RenderQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly concurrency: number) {
    if (!(concurrency >= 1)) throw new Error('concurrency must be at least 1');
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task, so `running` never drops and rises again in between.
      if (next) next();
      else this.running -= 1;
    }
  }
}
