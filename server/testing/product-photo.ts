import sharp from 'sharp';

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
