import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { BackgroundRemover } from '/work/main/server/cutout/background-remover.ts';
const files = process.argv.slice(2);
const remover = new BackgroundRemover({ queueLimit: 4 });
remover.start();
for (const file of files) {
  const t = performance.now();
  const out = await remover.remove(readFileSync(file), { refine: process.env.RAW !== '1', foreground: process.env.RAW !== '1', trim: true, margin: 8 });
  const ms = performance.now() - t;
  if (!out.ok) { console.log(file, 'no subject'); continue; }
  const { rgba, width, height } = out.cutout;
  const name = file.split('/').pop()!.replace(/\.\w+$/, '');
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
  for (const [bg, hex] of [['magenta', '#ff00ff'], ['dark', '#202830']] as const) {
    await sharp({ create: { width, height, channels: 4, background: hex } }).composite([{ input: png }]).png().toFile(`/tmp/eye/${name}-${bg}${process.env.RAW === '1' ? '-raw' : ''}.png`);
  }
  console.log(file, `${width}x${height}`, Math.round(ms), 'ms');
}
await remover.close();
