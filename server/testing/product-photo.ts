import sharp from 'sharp';
import { seededRandom } from '../../src/core/seeded-random.ts';

/**
 * An ordinary product photo, without transparency: the sample bottle (a real render with soft edges) standing
 * on a two-tone backdrop, 800x700 JPEG, and the box of the bottle's half-opaque pixels in it (the truth a
 * background removal is checked against).
 */
export async function productPhoto(): Promise<{ jpeg: Buffer; width: number; height: number; subject: { x: number; y: number; width: number; height: number } }> {
  const bottle = await sharp(new URL('../../public/samples/foreground.png', import.meta.url).pathname).resize(400).toBuffer();
  const { data, info } = await sharp(bottle).extractChannel(3).raw().toBuffer({ resolveWithObject: true });
  let left = info.width;
  let right = 0;
  let top = info.height;
  let bottom = 0;
  for (let y = 0; y < info.height; y += 1) {
    for (let x = 0; x < info.width; x += 1) {
      if (data[y * info.width + x]! < 128) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  const floor = await sharp({ create: { width: 800, height: 200, channels: 3, background: '#d8c7a8' } }).png().toBuffer();
  const jpeg = await sharp({ create: { width: 800, height: 700, channels: 3, background: '#9cb8d6' } })
    .composite([
      { input: floor, left: 0, top: 500 },
      { input: bottle, left: 200, top: 100 },
    ])
    .jpeg({ quality: 92 })
    .toBuffer();
  return { jpeg, width: 800, height: 700, subject: { x: 200 + left, y: 100 + top, width: right - left + 1, height: bottom - top + 1 } };
}

/**
 * A photo the model cannot read: a circuit board shot edge to edge (green, crowded with parts and traces, no
 * backdrop), 900x600 JPEG. The model answers half-transparent over much of it (halfTransparent ~1.8): the
 * doubtful cut-out the answer warns of.
 */
export async function crowdedBoardPhoto(): Promise<Buffer> {
  const random = seededRandom(3);
  const parts: string[] = [];
  for (let i = 0; i < 140; i += 1) {
    const fill = ['#222', '#ddd', '#c9a640', '#555', '#fff'][Math.floor(random() * 5)];
    parts.push(`<rect x="${random() * 100}" y="${random() * 100}" width="${2 + random() * 10}" height="${1 + random() * 6}" fill="${fill}"/>`);
  }
  for (let i = 0; i < 30; i += 1) parts.push(`<line x1="${random() * 100}" y1="${random() * 100}" x2="${random() * 100}" y2="${random() * 100}" stroke="#2e8b3e" stroke-width="0.6"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="600" viewBox="0 0 100 100" preserveAspectRatio="none"><rect width="100" height="100" fill="#1f9d3a"/>${parts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}
