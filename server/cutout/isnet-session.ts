import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type * as OnnxRuntime from 'onnxruntime-node';
import { isnetAsFp32 } from './isnet-fp32.ts';
import { readIsnetWeights } from './isnet-weights.ts';

/** The model's input side: it sees every photo stretched to 1024 x 1024. */
export const MODEL_SIDE = 1024;

// Loaded when first used, not on import: the server's own thread imports MODEL_SIDE and must not load the runtime.
let runtime: typeof OnnxRuntime | null = null;
function onnx(): typeof OnnxRuntime {
  runtime ??= createRequire(import.meta.url)('onnxruntime-node') as typeof OnnxRuntime;
  return runtime;
}

export type IsnetSession = OnnxRuntime.InferenceSession;

export async function loadIsnet(): Promise<IsnetSession> {
  return onnx().InferenceSession.create(isnetAsFp32(await readIsnetWeights()), { intraOpNumThreads: availableParallelism(), graphOptimizationLevel: 'all' });
}

/**
 * The subject mask of a photo already stretched to MODEL_SIDE x MODEL_SIDE (RGB): planar input, each value
 * (v - 128) / 256 as the weights were trained; the output is the mask, 0..1, at the same size. Blocks the
 * calling thread for the whole inference: call it from a worker.
 */
export async function predictMask(session: IsnetSession, rgb: Uint8Array): Promise<Float32Array> {
  const plane = MODEL_SIDE * MODEL_SIDE;
  const data = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i += 1) {
    data[i] = (rgb[i * 3]! - 128) / 256;
    data[plane + i] = (rgb[i * 3 + 1]! - 128) / 256;
    data[2 * plane + i] = (rgb[i * 3 + 2]! - 128) / 256;
  }
  const output = await session.run({ input: new (onnx().Tensor)('float32', data, [1, 3, MODEL_SIDE, MODEL_SIDE]) }, ['output']);
  return output.output!.data as Float32Array;
}
