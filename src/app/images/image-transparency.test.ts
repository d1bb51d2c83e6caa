import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { TransparencyAnswer, TransparencyRequest } from './transparency-worker.ts';

/** Stands in for the browser's Worker (Node has none): the first fails to load, later ones answer. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((event: { data: TransparencyAnswer }) => void) | null = null;
  onerror: (() => void) | null = null;
  terminated = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage({ id }: TransparencyRequest) {
    if (FakeWorker.made.length === 1) queueMicrotask(() => this.onerror?.());
    else queueMicrotask(() => this.onmessage?.({ data: { id, transparent: true } }));
  }
  terminate() {
    this.terminated = true;
  }
}

beforeEach(() => {
  FakeWorker.made = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('createImageBitmap', async () => ({ width: 1, height: 1, close: () => {} }));
});
afterEach(() => vi.unstubAllGlobals());

it('a worker that fails to load fails the check waiting, and the next check gets an answer from a new worker', async () => {
  const { imageHasTransparency } = await import('./image-transparency.ts');
  await expect(imageHasTransparency({} as CanvasImageSource)).rejects.toThrow('the transparency check failed');
  expect(FakeWorker.made[0]!.terminated).toBe(true);
  await expect(imageHasTransparency({} as CanvasImageSource)).resolves.toBe(true);
  expect(FakeWorker.made).toHaveLength(2);
});
