import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { MAX_INPUT_PIXELS } from '../images/pixel-limit.ts';
import type { CutoutOutcome, CutoutSteps, PngCutoutOutcome } from './cutout-steps.ts';
import type { RemovalOutcome, RemovalTask } from './cutout-worker.ts';

/** The matte's float planes take ~40 bytes a pixel at the edge steps: 50 MP is ~2 GB on top of the model. */
export const MAX_REMOVAL_PIXELS = 50_000_000;

export type ModelState = 'idle' | 'loading' | 'ready' | 'failed';

/** Too many removals already wait: the client should come back later (HTTP 503 with Retry-After). */
export class RemovalQueueFull extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`the background remover is busy (${retryAfterSeconds} s of removals queued): try again later`);
  }
}

/** The model could not be loaded: nothing can be removed until the server is fixed (HTTP 503). */
export class ModelUnavailable extends Error {}

/** A photo with more pixels than a removal may take (read from its header): HTTP 413, or a failed job. */
export class RemovalTooLarge extends Error {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly maxPixels: number,
  ) {
    super(`it is ${width}x${height} (${((width * height) / 1e6).toFixed(1)} megapixels); at most ${maxPixels / 1e6} megapixels can have their background removed`);
  }
}

/** The server is closing: the remover takes no more work. */
export class RemoverClosed extends Error {
  constructor() {
    super('the server is closing');
  }
}

interface Pending {
  resolve: (outcome: RemovalOutcome) => void;
  reject: (error: Error) => void;
  /** The thread it was sent to: a thread that stops takes only its own removals with it. */
  worker: Worker;
  useModel: boolean;
}

export interface RemovalOptions {
  /** false: keep the photo's own alpha (trim only), without the model. */
  useModel?: boolean;
  /** 'limited': refused past the queue limit (HTTP requests); 'wait': always queued (jobs, bounded elsewhere). */
  queue?: 'limited' | 'wait';
}

export interface RemoverOptions {
  /** Removals running or waiting at once; more are refused with RemovalQueueFull. */
  queueLimit: number;
  /** Largest photo taken, in pixels (MAX_REMOVAL_PIXELS unless a test says otherwise). */
  maxPixels?: number;
}

/**
 * Background removal off the event loop: one worker thread holds the ISNet model (loaded once: ~5-14 s and
 * ~2 GB) and runs removals one after another, decoding each photo there too; this side only queues them.
 * `start()` loads the model ahead of the first request; otherwise the first removal loads it and waits.
 */
export class BackgroundRemover {
  private worker: Worker | null = null;
  /** Threads replaced after the model failed, finishing the trims they were given; stopped once done. */
  private readonly retiring = new Set<Worker>();
  private closed = false;
  private modelState: ModelState = 'idle';
  private failure: string | null = null;
  private loadMs: number | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly waiters: Array<() => void> = [];
  private nextId = 1;
  /** Seconds one removal takes, measured, for Retry-After; a guess until the first one is done. */
  private secondsPerRemoval = 3;

  constructor(private readonly options: RemoverOptions) {}

  get state(): { model: ModelState; loadMs: number | null; queued: number; error: string | null } {
    return { model: this.modelState, loadMs: this.loadMs, queued: this.pending.size, error: this.failure };
  }

  /** Starts loading the model in the background (at server start, unless turned off). */
  start(): void {
    if (this.closed || this.modelState === 'loading' || this.modelState === 'ready') return;
    this.modelState = 'loading';
    this.failure = null;
    this.spawn().postMessage({ type: 'load' });
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./cutout-worker.ts', import.meta.url));
    worker.unref();
    worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    worker.on('error', (error) => this.lose(worker, error));
    worker.on('exit', (code) => this.lose(worker, new Error(`the background remover's thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type === 'ready') {
      this.modelState = 'ready';
      this.loadMs = message.ms;
    } else if (message.type === 'failed') {
      this.modelState = 'failed';
      this.failure = message.error;
      // Only removals that need the model fail; trims already given to the thread still run there. The thread
      // is replaced (a new one may load the model again after a start()) and stopped once its trims are done.
      const failed = this.worker;
      this.worker = null;
      this.settle((pending) => pending.useModel, new ModelUnavailable(message.error));
      if (failed) this.retire(failed);
    } else {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.timings) {
        const seconds = (message.timings.inferenceMs + message.timings.stepsMs) / 1000;
        this.secondsPerRemoval = this.secondsPerRemoval * 0.7 + seconds * 0.3;
      }
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.outcome!);
      if (this.retiring.has(pending.worker)) this.retire(pending.worker);
    }
    this.wakeIfIdle();
  }

  /** Rejects the removals `which` picks with `error`, and wakes `idle()` waiters when none is left. */
  private settle(which: (pending: Pending) => boolean, error: Error): void {
    for (const [id, pending] of this.pending) {
      if (!which(pending)) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
    this.wakeIfIdle();
  }

  private wakeIfIdle(): void {
    if (this.pending.size === 0) this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Stops a replaced thread once it has no removal left. */
  private retire(worker: Worker): void {
    if ([...this.pending.values()].some((pending) => pending.worker === worker)) {
      this.retiring.add(worker);
      return;
    }
    this.retiring.delete(worker);
    void worker.terminate();
  }

  private lose(worker: Worker, error: Error): void {
    this.retiring.delete(worker);
    if (this.worker === worker) {
      this.worker = null;
      if (this.modelState !== 'failed') this.modelState = 'idle';
    }
    this.settle((pending) => pending.worker === worker, error);
  }

  /**
   * The cut-out of an upright, already checked image, as RGBA (for a caller that goes on working on its
   * pixels). Refused at once when the queue is full or the model cannot be loaded; otherwise waits for the
   * model (if it is still loading) and for the removals before it.
   */
  remove(image: Buffer, steps: CutoutSteps, options: RemovalOptions = {}): Promise<CutoutOutcome> {
    return this.run(image, steps, null, options) as Promise<CutoutOutcome>;
  }

  /**
   * The same, encoded as a PNG file at zlib `level` on the remover's thread: only the file crosses to this
   * one, and the thread keeps its full-size buffers for the next removal.
   */
  removeAsPng(image: Buffer, steps: CutoutSteps, level: number, options: RemovalOptions = {}): Promise<PngCutoutOutcome> {
    return this.run(image, steps, level, options) as Promise<PngCutoutOutcome>;
  }

  private async run(image: Buffer, steps: CutoutSteps, pngLevel: number | null, { useModel = true, queue = 'limited' }: RemovalOptions): Promise<RemovalOutcome> {
    if (this.closed) throw new RemoverClosed();
    // Checked here, for every caller, from the header alone: nothing is decoded for a photo that is too large.
    const { width = 0, height = 0 } = await sharp(image).metadata();
    const maxPixels = this.options.maxPixels ?? MAX_REMOVAL_PIXELS;
    if (width * height > maxPixels) throw new RemovalTooLarge(width, height, maxPixels);
    if (this.closed) throw new RemoverClosed();
    if (useModel && this.modelState === 'failed') throw new ModelUnavailable(this.failure ?? 'the background-removal model could not be loaded');
    // Jobs wait their turn (the render queue bounds them already); HTTP requests past the limit are refused.
    if (queue === 'limited' && this.pending.size >= this.options.queueLimit) {
      throw new RemovalQueueFull(Math.max(1, Math.ceil(this.pending.size * this.secondsPerRemoval)));
    }
    const id = this.nextId++;
    if (useModel) this.start();
    const worker = this.spawn();
    const settled = new Promise<RemovalOutcome>((resolve, reject) => this.pending.set(id, { resolve, reject, worker, useModel }));
    // The file itself (a few MB) goes to the thread, which decodes it: nothing large is made or copied here.
    const task: RemovalTask = { id, image: new Uint8Array(image), useModel, maxPixels: MAX_INPUT_PIXELS, steps, pngLevel };
    worker.postMessage(task, [task.image.buffer as ArrayBuffer]);
    return settled;
  }

  /** Resolves once no removal is running or waiting. */
  idle(): Promise<void> {
    return this.pending.size === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Rejects every removal running or waiting (and wakes `idle()`); any later `remove()` throws RemoverClosed. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [this.worker, ...this.retiring].filter((worker) => worker !== null);
    this.worker = null;
    this.retiring.clear();
    this.settle(() => true, new RemoverClosed());
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

type WorkerMessage =
  | { type: 'ready'; ms: number }
  | { type: 'failed'; error: string }
  | { type: 'done'; id: number; outcome?: RemovalOutcome; error?: string; timings?: { inferenceMs: number; stepsMs: number } };
