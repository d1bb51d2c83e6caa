import { createRequire } from 'node:module';
import type * as OnnxRuntime from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { isnetAsFp32 } from './isnet-fp32.ts';
import { loadIsnet, MODEL_SIDE, predictMask } from './isnet-session.ts';
import { readIsnetWeights } from './isnet-weights.ts';
import { fieldOf, fieldsOf, numberOf, readMessage, textOf, writeMessage } from './protobuf-wire.ts';

/** What a graph holds, read back from its bytes: op types, fp16 tensors, the outputs' names. */
function describeGraph(model: Uint8Array) {
  const graph = readMessage(fieldOf(readMessage(model), 7)!.value as Uint8Array);
  const ops = fieldsOf(graph, 1).map((node) => textOf(fieldOf(readMessage(node.value as Uint8Array), 4)!));
  const fp16Weights = fieldsOf(graph, 5).filter((tensor) => numberOf(fieldOf(readMessage(tensor.value as Uint8Array), 2)!) === 10).length;
  const outputs = fieldsOf(graph, 12).map((output) => textOf(fieldOf(readMessage(output.value as Uint8Array), 1)!));
  return { casts: ops.filter((op) => op === 'Cast').length, nodes: ops.length, fp16Weights, outputs };
}

describe('the ISNet model as fp32', () => {
  it('reads and writes the shipped model byte for byte (protobuf wire format)', async () => {
    const weights = await readIsnetWeights();
    const model = readMessage(weights);
    expect(Buffer.from(writeMessage(model)).equals(weights)).toBe(true);
    // Re-encoded rather than copied, a message comes out the same too.
    const graph = fieldOf(model, 7)!;
    const reencoded = model.map((field) => (field === graph ? { ...field, raw: undefined } : field));
    expect(Buffer.from(writeMessage(reencoded)).equals(weights)).toBe(true);
  }, 120_000); // 88 MB read and written twice

  it('has no fp16 weights and no casts left, and only the mask as output', async () => {
    const weights = await readIsnetWeights();
    const before = describeGraph(weights);
    const after = describeGraph(isnetAsFp32(weights));
    expect(before.fp16Weights).toBeGreaterThan(200);
    expect(before.casts).toBeGreaterThan(50);
    expect(before.outputs).toContain('output');
    expect(after).toMatchObject({ casts: 0, fp16Weights: 0, outputs: ['output'] });
    expect(after.nodes).toBeLessThan(before.nodes);
  }, 120_000); // the conversion takes ~1 s on a quiet machine, many on a loaded one

  it('gives the shipped model\'s mask, within 1/255, on a photo', async () => {
    // A bottle-like shape on a gradient, at the model's own size.
    const rgb = new Uint8Array(MODEL_SIDE * MODEL_SIDE * 3);
    for (let y = 0; y < MODEL_SIDE; y += 1) {
      for (let x = 0; x < MODEL_SIDE; x += 1) {
        const inside = Math.abs(x - 512) < 140 + (y > 400 ? 60 : 0) && y > 180 && y < 900;
        const i = (y * MODEL_SIDE + x) * 3;
        rgb[i] = inside ? 40 : 200 + (x >> 6);
        rgb[i + 1] = inside ? 90 : 190 + (y >> 6);
        rgb[i + 2] = inside ? 160 : 170;
      }
    }
    const onnx = createRequire(import.meta.url)('onnxruntime-node') as typeof OnnxRuntime;
    const shipped = await onnx.InferenceSession.create(await readIsnetWeights(), { intraOpNumThreads: 1 });
    const expected = await predictMask(shipped, rgb);
    await shipped.release();
    const converted = await loadIsnet();
    const mask = await predictMask(converted, rgb);
    await converted.release();
    let worst = 0;
    let subject = 0;
    for (let i = 0; i < mask.length; i += 1) {
      worst = Math.max(worst, Math.abs(mask[i]! - expected[i]!));
      if (mask[i]! > 0.5) subject += 1;
    }
    expect(subject).toBeGreaterThan(100_000); // it found the shape: not two empty masks
    expect(worst).toBeLessThan(1 / 255);
  }, 300_000); // two model loads and inferences on a loaded 2-core machine
});
