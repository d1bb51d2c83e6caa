import type { TransparencyAnswer, TransparencyRequest } from './transparency-worker.ts';

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve: (transparent: boolean | null) => void; reject: (error: Error) => void }>();

function transparencyWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./transparency-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }: MessageEvent<TransparencyAnswer>) => {
    waiting.get(data.id)?.resolve(data.transparent);
    waiting.delete(data.id);
  };
  // The worker could not load or run: the checks waiting fail, and the next check starts a new worker instead
  // of posting to this one, which would never answer.
  worker.onerror = () => {
    worker?.terminate();
    worker = null;
    for (const { reject } of waiting.values()) reject(new Error('the transparency check failed'));
    waiting.clear();
  };
  return worker;
}

/**
 * Whether an image (a decoded preview) has any pixel less than opaque; null when it cannot be read. The pixels
 * are copied into an ImageBitmap and read in a worker, so the page's thread only hands them over.
 */
export async function imageHasTransparency(image: CanvasImageSource): Promise<boolean | null> {
  const bitmap = await createImageBitmap(image as ImageBitmapSource);
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    const request: TransparencyRequest = { id, bitmap };
    transparencyWorker().postMessage(request, [bitmap]);
  });
}
