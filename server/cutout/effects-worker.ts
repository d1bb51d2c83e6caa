import { parentPort } from 'node:worker_threads';
import { bakeEffects, type RgbaImage } from '../../src/core/bake-effects.ts';
import type { LayerEffects } from '../../src/core/layer-effects.ts';

export interface BakeTask {
  id: number;
  image: RgbaImage & { data: Uint8Array };
  effects: LayerEffects;
}

/** The effects' blurs and blends over every pixel of a full-size cut-out: tens to hundreds of ms, not on the event loop. */
parentPort!.on('message', (task: BakeTask) => {
  try {
    const baked = bakeEffects(task.image, task.effects, { subject: true });
    parentPort!.postMessage({ id: task.id, baked }, [baked.data.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id: task.id, error: (error as Error).message });
  }
});
