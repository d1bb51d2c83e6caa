import { Worker } from 'node:worker_threads';
import type { BakedEffects, RgbaImage } from '../../src/core/bake-effects.ts';
import type { LayerEffects } from '../../src/core/layer-effects.ts';
import type { BakeTask } from './effects-worker.ts';

type Settle = { resolve: (baked: BakedEffects) => void; reject: (error: Error) => void };

/**
 * Bakes a foreground's shadows and reflection on a thread of its own (started on first use, kept for the next),
 * one bake after another: the pixel loops of src/core/bake-effects.ts would otherwise hold the event loop.
 */
export class EffectsBaker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Settle>();
  private nextId = 1;

  bake(image: RgbaImage & { data: Uint8Array }, effects: LayerEffects): Promise<BakedEffects> {
    const worker = this.spawn();
    const id = this.nextId++;
    const task: BakeTask = { id, image, effects };
    const settled = new Promise<BakedEffects>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    worker.postMessage(task, [image.data.buffer as ArrayBuffer]);
    return settled;
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./effects-worker.ts', import.meta.url));
    worker.unref();
    worker.on('message', (message: { id: number; baked?: BakedEffects; error?: string }) => {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.baked) pending?.resolve(message.baked);
      else pending?.reject(new Error(message.error));
    });
    const lose = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on('error', lose);
    worker.on('exit', (code) => lose(new Error(`the effects thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
