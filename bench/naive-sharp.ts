/**
 * The renderer as it was before the local renderer of server/render, kept for bench/render.ts to compare with:
 * sharp's own resize of each whole layer, then cut to the canvas, composite, PNG level 6. Run as a program, it
 * is a helper process (process-launcher.ts) that renders example 3 to the file each request names.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import sharp, { type OverlayOptions } from 'sharp';
import { intersectRect, type Size } from '../src/core/index.ts';
import { example3Sources } from './lib.ts';

export async function naiveSharp(file: string): Promise<void> {
  const src = await example3Sources();
  const canvas = { width: 3840, height: 3840 };
  const layer = async (path: string, size: Size, x: number, y: number): Promise<OverlayOptions> => {
    const visible = intersectRect({ x, y, ...size }, { x: 0, y: 0, ...canvas })!;
    const { data, info } = await sharp(await readFile(path))
      .autoOrient()
      .resize(size.width, size.height, { fit: 'fill' })
      .extract({ left: visible.x - x, top: visible.y - y, width: visible.width, height: visible.height })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { input: data, raw: { width: info.width, height: info.height, channels: 4 }, left: visible.x, top: visible.y };
  };
  const layers = [
    await layer(src.template, { width: 3828, height: 3828 }, 2049, -6),
    await layer(src.foreground, { width: 3062, height: 3828 }, -72, -84),
  ];
  const png = await sharp({ create: { ...canvas, channels: 4, background: { r: 0xc9, g: 0xaa, b: 0xfb, alpha: 1 } } })
    .composite(layers)
    .png({ compressionLevel: 6 })
    .toBuffer();
  await writeFile(file, png);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  createInterface({ input: process.stdin }).on('line', (line) => {
    const { id, file } = JSON.parse(line) as { id: number; file: string };
    const started = performance.now();
    naiveSharp(file).then(
      () => process.stdout.write(`${JSON.stringify({ id, ms: performance.now() - started, error: null })}\n`),
      (error: unknown) => process.stdout.write(`${JSON.stringify({ id, ms: 0, error: String(error) })}\n`),
    );
  });
}
