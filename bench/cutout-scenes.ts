/**
 * The cut-out benchmark's test set: photos whose true alpha and true subject colours are known, because they
 * are composed here, I = αF + (1-α)B, from a subject drawn as SVG (librsvg's antialiasing gives soft edges)
 * or the sample bottle's own alpha, over a plain or a busy background. Each scene is made at any size from
 * vectors, so the 1-MP and 12-MP versions are the same scene.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../src/core/seeded-random.ts';

export interface Scene {
  name: string;
  width: number;
  height: number;
  /** The photo, RGB. */
  photo: Uint8Array;
  /** The true alpha, 0..1. */
  alpha: Float32Array;
  /** The true subject colours, RGB (meaningful where alpha > 0). */
  subject: Uint8Array;
}

type Backdrop = 'plain' | 'busy';

/** A busy background: overlapping coloured shapes and stripes, the kind of clutter a phone photo has behind the product. */
function busySvg(width: number, height: number, seed: number): string {
  const random = seededRandom(seed);
  const shapes: string[] = [];
  for (let i = 0; i < 60; i += 1) {
    const hue = Math.floor(random() * 360);
    const x = random() * 100;
    const y = random() * 100;
    const size = 4 + random() * 22;
    shapes.push(
      random() < 0.5
        ? `<circle cx="${x}" cy="${y}" r="${size / 2}" fill="hsl(${hue},55%,${35 + random() * 40}%)"/>`
        : `<rect x="${x}" y="${y}" width="${size}" height="${size * (0.3 + random())}" fill="hsl(${hue},45%,${30 + random() * 45}%)" transform="rotate(${random() * 90} ${x} ${y})"/>`,
    );
  }
  for (let i = 0; i < 12; i += 1) shapes.push(`<rect x="${i * 8.5}" y="0" width="1.2" height="100" fill="hsl(${i * 30},30%,70%)" opacity="0.6"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 100 100" preserveAspectRatio="none"><rect width="100" height="100" fill="#c7b49a"/>${shapes.join('')}</svg>`;
}

function plainSvg(width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 100 100" preserveAspectRatio="none"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#e9ecef"/><stop offset="1" stop-color="#c9ced6"/></linearGradient></defs><rect width="100" height="100" fill="url(#g)"/></svg>`;
}

/** A mug: a body and a handle whose hole shows the background. */
function mugSvg(width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 100 100" preserveAspectRatio="none">
    <defs><linearGradient id="m" x1="0" x2="1"><stop offset="0" stop-color="#1f5f8b"/><stop offset="0.6" stop-color="#4a9cd1"/><stop offset="1" stop-color="#174a6d"/></linearGradient></defs>
    <path d="M62 38 h8 a12 12 0 0 1 0 24 h-8 v-6 h8 a6 6 0 0 0 0 -12 h-8 z" fill="#2b6f9e"/>
    <rect x="26" y="26" width="38" height="52" rx="5" fill="url(#m)"/>
    <ellipse cx="45" cy="27" rx="19" ry="3" fill="#0f3550"/></svg>`;
}

/** A head with hair-like strands: thin curves, a pixel or two wide at 1 MP, fanning out over the background. */
function strandsSvg(width: number, height: number, seed: number): string {
  const random = seededRandom(seed);
  const strands: string[] = [];
  for (let i = 0; i < 90; i += 1) {
    const angle = -Math.PI * (0.1 + 0.8 * random());
    const length = 14 + random() * 16;
    const x0 = 50 + Math.cos(angle) * 16;
    const y0 = 45 + Math.sin(angle) * 20;
    const x1 = 50 + Math.cos(angle) * (16 + length) + (random() - 0.5) * 10;
    const y1 = 45 + Math.sin(angle) * (20 + length);
    const cx = (x0 + x1) / 2 + (random() - 0.5) * 12;
    const cy = (y0 + y1) / 2 + (random() - 0.5) * 6;
    strands.push(`<path d="M${x0} ${y0} Q${cx} ${cy} ${x1} ${y1}" stroke="hsl(30,45%,${18 + random() * 20}%)" stroke-width="${0.12 + random() * 0.15}" fill="none" stroke-linecap="round"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 100 100" preserveAspectRatio="none">
    <ellipse cx="50" cy="58" rx="22" ry="36" fill="#d9a384"/><ellipse cx="50" cy="42" rx="19" ry="21" fill="#4a2d1c"/>${strands.join('')}
    <rect x="22" y="84" width="56" height="16" fill="#33507a"/></svg>`;
}

async function rgba(input: Buffer | string, width: number, height: number): Promise<Buffer> {
  return sharp(input).resize(width, height, { fit: 'fill' }).ensureAlpha().raw().toBuffer();
}

/** The subject drawn at the size, its alpha and colours exact. The bottle is the sample's own cut-out. */
async function subjectPixels(kind: string, width: number, height: number): Promise<Buffer> {
  if (kind === 'bottle') {
    // The sample is 1600x2000: centred on the scene at 70 % of its height, transparent around it.
    const side = Math.round(height * 0.7);
    const bottle = await sharp(join(import.meta.dirname, '../public/samples/foreground.png')).resize({ height: side }).toBuffer();
    const { width: bw = 0 } = await sharp(bottle).metadata();
    return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: bottle, left: Math.round((width - bw) / 2), top: Math.round(height * 0.15) }])
      .raw()
      .toBuffer();
  }
  const svg = kind === 'mug' ? mugSvg(width, height) : strandsSvg(width, height, 11);
  return rgba(Buffer.from(svg), width, height);
}

export async function makeScene(kind: 'bottle' | 'mug' | 'strands', backdrop: Backdrop, width: number, height: number): Promise<Scene> {
  const [fg, bg] = await Promise.all([
    subjectPixels(kind, width, height),
    rgba(Buffer.from(backdrop === 'busy' ? busySvg(width, height, 5) : plainSvg(width, height)), width, height),
  ]);
  const n = width * height;
  const photo = new Uint8Array(n * 3);
  const alpha = new Float32Array(n);
  const subject = new Uint8Array(n * 3);
  for (let i = 0; i < n; i += 1) {
    const a = fg[i * 4 + 3]! / 255;
    alpha[i] = a;
    for (let c = 0; c < 3; c += 1) {
      subject[i * 3 + c] = fg[i * 4 + c]!;
      photo[i * 3 + c] = Math.round(a * fg[i * 4 + c]! + (1 - a) * bg[i * 4 + c]!);
    }
  }
  return { name: `${kind}/${backdrop}`, width, height, photo, alpha, subject };
}

export const SCENES: ReadonlyArray<['bottle' | 'mug' | 'strands', Backdrop]> = [
  ['bottle', 'plain'],
  ['bottle', 'busy'],
  ['mug', 'plain'],
  ['mug', 'busy'],
  ['strands', 'plain'],
  ['strands', 'busy'],
];

/**
 * The part of a scene at (x, y), width x height: the same scene framed a few pixels apart, so that the model's
 * 1024-px view samples it at other sub-pixel positions (its IoU on one framing is partly chance; see speed()).
 */
export function cropScene(scene: Scene, x: number, y: number, width: number, height: number): Scene {
  const photo = new Uint8Array(width * height * 3);
  const subject = new Uint8Array(width * height * 3);
  const alpha = new Float32Array(width * height);
  for (let row = 0; row < height; row += 1) {
    const from = (y + row) * scene.width + x;
    alpha.set(scene.alpha.subarray(from, from + width), row * width);
    photo.set(scene.photo.subarray(from * 3, (from + width) * 3), row * width * 3);
    subject.set(scene.subject.subarray(from * 3, (from + width) * 3), row * width * 3);
  }
  return { name: scene.name, width, height, photo, alpha, subject };
}
