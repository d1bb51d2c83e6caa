import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A fixed set of render workers (render-worker.mjs), one per core by default, taking tasks in arrival order.
 * Workers are unref'd: an idle pool never keeps the process alive. A worker that dies is replaced and its
 * task fails.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ task: object; pending: Pending }> = [];
  private readonly busy = new Map<Worker, { id: number; pending: Pending }>();
  private nextId = 1;

  constructor(readonly size = Math.max(1, availableParallelism())) {
    for (let i = 0; i < size; i += 1) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./render-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const job = this.busy.get(worker);
      if (!job || job.id !== message.id) return;
      this.busy.delete(worker);
      if (message.error !== undefined) job.pending.reject(new Error(message.error));
      else job.pending.resolve(message.result);
      this.release(worker);
    });
    worker.on('error', (error) => this.lose(worker, error));
    worker.on('exit', (code) => this.lose(worker, new Error(`render worker exited with code ${code}`)));
    return worker;
  }

  private lose(worker: Worker, error: Error): void {
    const job = this.busy.get(worker);
    const wasIdle = this.idle.indexOf(worker);
    if (!job && wasIdle < 0) return; // already handled
    this.busy.delete(worker);
    if (wasIdle >= 0) this.idle.splice(wasIdle, 1);
    job?.pending.reject(error);
    this.release(this.spawn());
  }

  private release(worker: Worker): void {
    const next = this.queue.shift();
    if (!next) {
      this.idle.push(worker);
      return;
    }
    const id = this.nextId++;
    this.busy.set(worker, { id, pending: next.pending });
    worker.postMessage({ id, task: next.task });
  }

  run<T>(task: object): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task, pending: { resolve: resolve as (value: unknown) => void, reject } });
      const worker = this.idle.pop();
      if (worker) this.release(worker);
    });
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }
}
