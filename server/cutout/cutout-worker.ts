// The background remover's thread: loads the ISNet model once and runs each removal (the model, then the matte
// steps), so that neither the ~5 s of model loading nor the ~1-2 s of inference ever blocks the server's event
// loop (onnxruntime's session.run holds its thread for the whole inference). Plain erasable TypeScript: Node
// runs it without a loader.
import { parentPort } from 'node:worker_threads';
import { encodeCutoutPng } from './cutout-png.ts';
import { cutoutFromMask, type CutoutOutcome, type CutoutSteps, type PngCutoutOutcome } from './cutout-steps.ts';
import { decodeForRemoval } from './decode-for-removal.ts';
import type { ColorPlanes } from './guided-filter.ts';
import { loadIsnet, MODEL_SIDE, predictMask, type IsnetSession } from './isnet-session.ts';
import type { PixelImage } from './refine-matte.ts';
import { ReusedBuffers } from './reused-buffers.ts';
import { lowerThreadPriority } from './thread-priority.ts';

export interface RemovalTask {
  id: number;
  /** The photo's file (JPEG, PNG, …), already checked by the server; decoded here. */
  image: Uint8Array;
  /** false: keep the photo's own alpha (trim only), without the model. */
  useModel: boolean;
  maxPixels: number;
  steps: CutoutSteps;
  /** Encode the cut-out as PNG here, at this zlib level (only the file crosses threads), or null for raw RGBA. */
  pngLevel: number | null;
}

/** What a removal sends back: the cut-out's pixels as PNG bytes or raw RGBA, as the task asked. */
export type RemovalOutcome = CutoutOutcome | PngCutoutOutcome;

const port = parentPort!;

// Before the model starts its threads, which inherit this priority: the server's thread comes first.
lowerThreadPriority();

let session: Promise<IsnetSession> | null = null;

/** The full-size planes, kept while removals come; released after RELEASE_AFTER_MS without one. */
const buffers = new ReusedBuffers();
const RELEASE_AFTER_MS = 30_000;
let releaseTimer: ReturnType<typeof setTimeout> | undefined;

/** The model, loaded on the first 'load' message or the first removal that needs it; a trim alone never loads it. */
function model(): Promise<IsnetSession> {
  if (!session) {
    const started = performance.now();
    session = loadIsnet();
    session.then(
      () => port.postMessage({ type: 'ready', ms: Math.round(performance.now() - started) }),
      (error: Error) => port.postMessage({ type: 'failed', error: `the background-removal model could not be loaded: ${error.message}` }),
    );
  }
  return session;
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
  const decoding = decodeForRemoval(task.image, task.useModel, task.maxPixels);
  const modelInput = await decoding.modelInput;
  let mask = NO_MASK;
  let inferenceMs = 0;
  if (modelInput) {
    const loaded = await model();
    const inferenceStart = performance.now();
    mask = { data: await predictMask(loaded, modelInput), width: MODEL_SIDE, height: MODEL_SIDE };
    inferenceMs = performance.now() - inferenceStart;
  }
  const { photo, working } = await decoding.views;
  const stepsStart = performance.now();
  const steps = modelInput ? task.steps : { ...task.steps, refine: false, foreground: false };
  const made = cutoutFromMask(photo, planes(working), mask, steps, buffers);
  let outcome: RemovalOutcome = made;
  if (made.ok) {
    const { rgba, ...placement } = made.cutout;
    // The RGBA is one of the reused buffers: it leaves this thread as a PNG, or as a copy of its own.
    outcome =
      task.pngLevel === null
        ? { ok: true, cutout: { ...placement, rgba: rgba.slice() } }
        : // sharp's buffer is memory a thread cannot hand over: a copy, the size of the file, can be.
          { ok: true, cutout: { ...placement, png: new Uint8Array(await encodeCutoutPng(made.cutout, task.pngLevel)) } };
  }
  return { outcome, timings: { inferenceMs, stepsMs: performance.now() - stepsStart } };
}

// One removal at a time: inference already uses every core.
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: RemovalTask | { type: 'load' }) => {
  if ('type' in task) {
    void model().catch(() => undefined);
    return;
  }
  clearTimeout(releaseTimer);
  queue = queue.then(async () => {
    try {
      const { outcome, timings } = await remove(task);
      const transfer = outcome.ok ? ['png' in outcome.cutout ? outcome.cutout.png.buffer : outcome.cutout.rgba.buffer] : [];
      port.postMessage({ type: 'done', id: task.id, outcome, timings }, transfer as ArrayBuffer[]);
    } catch (error) {
      port.postMessage({ type: 'done', id: task.id, error: (error as Error).message });
    }
    clearTimeout(releaseTimer);
    releaseTimer = setTimeout(() => buffers.release(), RELEASE_AFTER_MS);
    releaseTimer.unref();
  });
});
