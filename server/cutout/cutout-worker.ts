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
  /** The photo stretched to MODEL_SIDE x MODEL_SIDE, RGB; null to keep the photo's own alpha (trim only). */
  modelInput: Uint8Array | null;
  steps: CutoutSteps;
}

const port = parentPort!;
const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node') as typeof OnnxRuntime;

async function loadSession(): Promise<OnnxRuntime.InferenceSession> {
  const weights = await readIsnetWeights();
  return ort.InferenceSession.create(weights, { intraOpNumThreads: availableParallelism(), graphOptimizationLevel: 'all' });
}

let session: Promise<OnnxRuntime.InferenceSession> | null = null;

/** The model, loaded on the first 'load' message or the first removal that needs it; a trim alone never loads it. */
function model(): Promise<OnnxRuntime.InferenceSession> {
  if (!session) {
    const started = performance.now();
    session = loadSession();
    session.then(
      () => port.postMessage({ type: 'ready', ms: Math.round(performance.now() - started) }),
      (error: Error) => port.postMessage({ type: 'failed', error: `the background-removal model could not be loaded: ${error.message}` }),
    );
  }
  return session;
}

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

/** The photo's own alpha only, for trimming a cut-out that already has one: a mask of ones. */
const NO_MASK: { data: Float32Array; width: number; height: number } = { data: new Float32Array([1]), width: 1, height: 1 };

async function remove(task: RemovalTask) {
  let mask = NO_MASK;
  let inferenceMs = 0;
  if (task.modelInput) {
    const loaded = await model();
    const inferenceStart = performance.now();
    const output = await loaded.run({ input: modelTensor(task.modelInput) }, ['output']);
    inferenceMs = performance.now() - inferenceStart;
    mask = { data: output.output!.data as Float32Array, width: MODEL_SIDE, height: MODEL_SIDE };
  }
  const stepsStart = performance.now();
  const steps = task.modelInput ? task.steps : { ...task.steps, refine: false, foreground: false };
  const outcome = cutoutFromMask(task.photo, planes(task.working), mask, steps);
  return { outcome, timings: { inferenceMs, stepsMs: performance.now() - stepsStart } };
}

// One removal at a time: inference already uses every core.
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: RemovalTask | { type: 'load' }) => {
  if ('type' in task) {
    void model().catch(() => undefined);
    return;
  }
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
