// The background remover's thread: loads the ISNet model once and runs each removal (the model, then the matte
// steps), so that neither the ~5 s of model loading nor the ~1-2 s of inference ever blocks the server's event
// loop (onnxruntime's session.run holds its thread for the whole inference). Plain erasable TypeScript: Node
// runs it without a loader.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type * as OnnxRuntime from 'onnxruntime-node';
import { cutoutFromMask, type CutoutSteps } from './cutout-steps.ts';
import type { ColorPlanes } from './guided-filter.ts';
import { readIsnetWeights } from './isnet-weights.ts';
import type { PixelImage } from './refine-matte.ts';

/** The model's input side: it sees every photo stretched to 1024 x 1024. */
export const MODEL_SIDE = 1024;

export interface RemovalTask {
  id: number;
  photo: PixelImage;
  /** The photo at the working size of the guided filter, RGB. */
  working: PixelImage;
  /** The photo stretched to MODEL_SIDE x MODEL_SIDE, RGB. */
  modelInput: Uint8Array;
  steps: CutoutSteps;
}

const port = parentPort!;
const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node') as typeof OnnxRuntime;

async function loadSession(): Promise<OnnxRuntime.InferenceSession> {
  const weights = await readIsnetWeights();
  return ort.InferenceSession.create(weights, { intraOpNumThreads: availableParallelism(), graphOptimizationLevel: 'all' });
}

const started = performance.now();
const session = loadSession();
session.then(
  () => port.postMessage({ type: 'ready', ms: Math.round(performance.now() - started) }),
  (error: Error) => port.postMessage({ type: 'failed', error: `the background-removal model could not be loaded: ${error.message}` }),
);

/** The model's input: planar RGB, each value (v - 128) / 256, as the weights were trained. */
function modelTensor(rgb: Uint8Array): OnnxRuntime.Tensor {
  const plane = MODEL_SIDE * MODEL_SIDE;
  const data = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i += 1) {
    data[i] = (rgb[i * 3]! - 128) / 256;
    data[plane + i] = (rgb[i * 3 + 1]! - 128) / 256;
    data[2 * plane + i] = (rgb[i * 3 + 2]! - 128) / 256;
  }
  return new ort.Tensor('float32', data, [1, 3, MODEL_SIDE, MODEL_SIDE]);
}

function planes(image: PixelImage): ColorPlanes {
  const n = image.width * image.height;
  const out = { width: image.width, height: image.height, r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  for (let i = 0; i < n; i += 1) {
    const p = i * image.channels;
    out.r[i] = image.data[p]! / 255;
    out.g[i] = image.data[p + 1]! / 255;
    out.b[i] = image.data[p + 2]! / 255;
  }
  return out;
}

async function remove(task: RemovalTask) {
  const model = await session;
  const inferenceStart = performance.now();
  const output = await model.run({ input: modelTensor(task.modelInput) }, ['output']);
  const inferenceMs = performance.now() - inferenceStart;
  const mask = output.output!.data as Float32Array;
  const stepsStart = performance.now();
  const outcome = cutoutFromMask(task.photo, planes(task.working), { data: mask, width: MODEL_SIDE, height: MODEL_SIDE }, task.steps);
  return { outcome, timings: { inferenceMs, stepsMs: performance.now() - stepsStart } };
}

// One removal at a time: inference already uses every core.
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: RemovalTask) => {
  queue = queue.then(async () => {
    try {
      const { outcome, timings } = await remove(task);
      const transfer = outcome.ok ? [outcome.cutout.rgba.buffer as ArrayBuffer] : [];
      port.postMessage({ type: 'done', id: task.id, outcome, timings }, transfer);
    } catch (error) {
      port.postMessage({ type: 'done', id: task.id, error: (error as Error).message });
    }
  });
});
