/**
 * Generates the sample images served from public/samples so the editor shows a realistic
 * composition on first start:
 *
 *   public/samples/foreground.png  1600x2000 RGBA: a studio cut-out of a ceramic perfume bottle
 *                                  (black lacquer cap, ribbed gold collar, wrapped paper label)
 *                                  with anti-aliased, slightly feathered alpha edges.
 *   public/samples/background.jpg  3000x2000 JPEG: a marble tabletop in front of a softly lit,
 *                                  out-of-focus room with window light and bokeh, with film grain.
 *
 * Everything is procedural and seeded, so every run writes the same bytes (for a given sharp/libvips).
 * Nothing is downloaded. Run: npx tsx scripts/make-samples.ts
 */
import sharp from 'sharp';
import { seededRandom } from '../src/core/seeded-random.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'samples');

// ---------------------------------------------------------------------------------------------
// Small maths helpers
// ---------------------------------------------------------------------------------------------

type RGB = [number, number, number];


/** Standard normal deviate from a uniform PRNG (Box-Muller, one value per call). */
function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function mix(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function smoothstep(e0: number, e1: number, x: number): number {
  const t = clamp((x - e0) / (e1 - e0), 0, 1);
  return t * t * (3 - 2 * t);
}

/** Integer lattice hash to [0, 1). */
function hash2(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ Math.imul(seed, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Smooth value noise in [0, 1). */
function valueNoise(x: number, y: number, seed: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = x - ix;
  const fy = y - iy;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = hash2(ix, iy, seed);
  const b = hash2(ix + 1, iy, seed);
  const c = hash2(ix, iy + 1, seed);
  const d = hash2(ix + 1, iy + 1, seed);
  return mix(mix(a, b, sx), mix(c, d, sx), sy);
}

/** Fractal value noise in [0, 1). */
function fbm(x: number, y: number, seed: number, octaves: number): number {
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  let f = 1;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(x * f, y * f, seed + o * 101);
    norm += amp;
    amp *= 0.5;
    f *= 2.03;
  }
  return sum / norm;
}

/** Linear light to 8-bit sRGB after a soft highlight shoulder (no hard clipping). */
function toSrgb8(linear: number): number {
  let c = linear;
  if (c > 0.8) c = 0.8 + 0.2 * (1 - Math.exp(-(c - 0.8) / 0.2));
  c = clamp(c, 0, 1);
  const s = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
  return Math.round(s * 255);
}

function srgbToLinear(s: number): number {
  return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
}

function hexToLinear(hex: string): RGB {
  const n = parseInt(hex.slice(1), 16);
  return [srgbToLinear(((n >> 16) & 255) / 255), srgbToLinear(((n >> 8) & 255) / 255), srgbToLinear((n & 255) / 255)];
}

/** Separable Gaussian blur of an interleaved float image, in place. */
function gaussianBlur(data: Float32Array, width: number, height: number, channels: number, sigma: number): void {
  const radius = Math.max(1, Math.ceil(sigma * 3));
  const kernel = new Float32Array(radius * 2 + 1);
  let total = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = w;
    total += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / total;

  const tmp = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = clamp(x + k, 0, width - 1);
          acc += data[(y * width + xx) * channels + c]! * kernel[k + radius]!;
        }
        tmp[(y * width + x) * channels + c] = acc;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const yy = clamp(y + k, 0, height - 1);
          acc += tmp[(yy * width + x) * channels + c]! * kernel[k + radius]!;
        }
        data[(y * width + x) * channels + c] = acc;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Foreground: a ceramic perfume bottle, rendered as a surface of revolution
// ---------------------------------------------------------------------------------------------

const FG_W = 1600;
const FG_H = 2000;
const FG_CX = 800;
const FG_SS = 3; // supersamples per axis

const enum Part {
  None = 0,
  Cap = 1,
  Collar = 2,
  Body = 3,
}

// Bottle geometry (image pixels, y down).
const CAP_TOP = 168.4;
const CAP_BOTTOM = 612;
const CAP_R = 204;
const COLLAR_BOTTOM = 726;
const COLLAR_R = 146;
const NECK_R = 124;
const SHOULDER_H = 176;
const BODY_R = 436;
const BODY_BOTTOM = 1852.6;

// Label placement, in surface coordinates (arc length along the circumference, image y).
const LABEL_W = 560;
const LABEL_H = 470;
const LABEL_TOP = 1190;
const LABEL_PAD = 4;
const LABEL_SCALE = 2;

/** Radius of a band [y0, y1] whose top and bottom edges are rounded with radii eTop / eBot. */
function roundedBand(y: number, y0: number, y1: number, r: number, eTop: number, eBot: number): number {
  const dTop = y - y0;
  const dBot = y1 - y;
  if (dTop < eTop) {
    const k = eTop - dTop;
    return r - eTop + Math.sqrt(Math.max(eTop * eTop - k * k, 0));
  }
  if (dBot < eBot) {
    const k = eBot - dBot;
    return r - eBot + Math.sqrt(Math.max(eBot * eBot - k * k, 0));
  }
  return r;
}

/** The bottle's profile: which part a row belongs to and its radius there. */
function profile(y: number): { part: Part; r: number } {
  if (y < CAP_TOP || y > BODY_BOTTOM) return { part: Part.None, r: 0 };
  if (y < CAP_BOTTOM) {
    // Very slight taper towards the top makes the cap read as moulded, not extruded.
    const taper = 3 * (1 - (y - CAP_TOP) / (CAP_BOTTOM - CAP_TOP));
    return { part: Part.Cap, r: roundedBand(y, CAP_TOP, CAP_BOTTOM, CAP_R - taper, 38, 5) };
  }
  if (y < COLLAR_BOTTOM) {
    let r = roundedBand(y, CAP_BOTTOM, COLLAR_BOTTOM, COLLAR_R, 4, 4);
    // Fine ribs on the metal collar, fading out near its lips.
    const t = (y - CAP_BOTTOM) / (COLLAR_BOTTOM - CAP_BOTTOM);
    const fade = smoothstep(0.1, 0.22, t) * smoothstep(0.9, 0.78, t);
    r -= fade * 1.6 * (0.5 + 0.5 * Math.cos(((y - CAP_BOTTOM) * 2 * Math.PI) / 9));
    return { part: Part.Collar, r };
  }
  // Body: a superellipse shoulder, a very gentle taper, a rounded foot.
  const yShoulderEnd = COLLAR_BOTTOM + SHOULDER_H;
  let r: number;
  if (y < yShoulderEnd) {
    const t = clamp((y - COLLAR_BOTTOM) / SHOULDER_H, 0, 1);
    const p = 2.4;
    const f = Math.pow(1 - Math.pow(1 - t, p), 1 / p);
    r = NECK_R + (BODY_R - NECK_R) * f;
  } else {
    const t = (y - yShoulderEnd) / (BODY_BOTTOM - yShoulderEnd);
    r = BODY_R - 7 * t * t;
  }
  const eFoot = 30;
  const dBot = BODY_BOTTOM - y;
  if (dBot < eFoot) {
    const k = eFoot - dBot;
    r = r - eFoot + Math.sqrt(Math.max(eFoot * eFoot - k * k, 0));
  }
  return { part: Part.Body, r: Math.max(r, 0) };
}

/** Studio environment seen in reflections: softboxes, strip lights, a dim room, the floor. */
function environment(rx: number, ry: number, rz: number, rough: number): number {
  const phi = Math.atan2(rx, rz); // 0 = straight back towards the camera
  const el = Math.asin(clamp(ry, -1, 1));
  const soft = 0.015 + rough;
  const box = (x: number, c: number, hw: number): number => {
    let d = x - c;
    if (d > Math.PI) d -= 2 * Math.PI;
    if (d < -Math.PI) d += 2 * Math.PI;
    return smoothstep(hw + soft, hw - soft, Math.abs(d));
  };
  // Softboxes are brighter in the middle than at their edges.
  const hot = (x: number, c: number, hw: number): number => 1 - 0.35 * clamp(Math.abs(x - c) / hw, 0, 1) ** 2;
  let v = 0.035 + 0.03 * ry;
  v += 12 * box(phi, -0.8, 0.3) * box(el, 0.3, 0.55) * hot(phi, -0.85, 0.3); // large key softbox, front left
  v += 4.5 * box(phi, 1.0, 0.06) * box(el, 0.15, 0.75); // narrow strip, front right
  v += 7 * box(phi, -2.2, 0.1) * box(el, 0.1, 0.9); // rim strip, back left
  v += 9 * box(phi, 2.2, 0.13) * box(el, 0.1, 0.9); // rim strip, back right
  v += 2.5 * smoothstep(0.85 - soft, 1.05 + soft, el); // overhead
  if (ry < 0) v = mix(v, 0.09, smoothstep(0, 0.12 + rough, -ry)); // floor
  return v;
}

const KEY_L = normalize3(-0.55, 0.45, 0.7);
const FILL_L = normalize3(0.8, 0.05, 0.6);

function scale3(v: Float32Array, k: number): void {
  v[0] = v[0]! * k;
  v[1] = v[1]! * k;
  v[2] = v[2]! * k;
}

function normalize3(x: number, y: number, z: number): RGB {
  const l = Math.hypot(x, y, z);
  return [x / l, y / l, z / l];
}

/** Diffuse irradiance for a normal: key (with wrap), fill, hemisphere ambient. */
function diffuseLight(nx: number, ny: number, nz: number): number {
  const key = Math.max(0, (nx * KEY_L[0] + ny * KEY_L[1] + nz * KEY_L[2] + 0.15) / 1.15);
  const fill = Math.max(0, nx * FILL_L[0] + ny * FILL_L[1] + nz * FILL_L[2]);
  return 1.1 * key + 0.14 * fill + 0.07 + 0.05 * ny;
}

const CERAMIC = hexToLinear('#d6a497'); // dusty blush glaze
const PAPER = hexToLinear('#efe8dc');
const INK = hexToLinear('#2a2422');
const GOLD = hexToLinear('#e2b66e');
const LACQUER = hexToLinear('#0b0b0c');

/** Shading of a dielectric (glaze, lacquer, paper) with an environment reflection. */
function shadeDielectric(
  out: Float32Array,
  albedo: RGB,
  n: RGB,
  f0: number,
  rough: number,
  specScale: number,
  albedoMod: number,
): void {
  const [nx, ny, nz] = n;
  const ndv = Math.max(nz, 0);
  const fres = f0 + (1 - f0) * Math.pow(1 - ndv, 5);
  // Reflection of the view vector (0, 0, 1).
  const rx = 2 * ndv * nx;
  const ry = 2 * ndv * ny;
  const rz = 2 * ndv * nz - 1;
  const spec = environment(rx, ry, rz, rough) * fres * specScale;
  const diff = diffuseLight(nx, ny, nz) * (1 - fres) * albedoMod;
  out[0] = albedo[0] * diff + spec;
  out[1] = albedo[1] * diff + spec * 0.98;
  out[2] = albedo[2] * diff + spec * 0.95;
}

/** Shading of a metal: tinted environment reflection plus a little diffuse so it is never black. */
function shadeMetal(out: Float32Array, tint: RGB, n: RGB, rough: number): void {
  const [nx, ny, nz] = n;
  const ndv = Math.max(nz, 0);
  const rx = 2 * ndv * nx;
  const ry = 2 * ndv * ny;
  const rz = 2 * ndv * nz - 1;
  const env = environment(rx, ry, rz, rough);
  const edge = Math.pow(1 - ndv, 5);
  const diff = diffuseLight(nx, ny, nz);
  for (let c = 0; c < 3; c++) {
    const f = tint[c]! + (1 - tint[c]!) * edge;
    out[c] = env * f * 0.55 + diff * tint[c]! * 0.16;
  }
}

/** The label artwork as SVG: red = gold foil, green = ink, alpha = paper. Simple shapes only, no fonts. */
function labelSvg(): string {
  const w = LABEL_W + 2 * LABEL_PAD;
  const h = LABEL_H + 2 * LABEL_PAD;
  const p = LABEL_PAD;
  // Geometric stroke "wordmark": A U R A.
  const lw = 44;
  const lh = 58;
  const gap = 30;
  const x0 = p + (LABEL_W - (4 * lw + 3 * gap)) / 2;
  const y0 = p + 176;
  const glyphs = [
    `M0,${lh} L${lw / 2},0 L${lw},${lh} M${lw * 0.2},${lh * 0.64} H${lw * 0.8}`,
    `M0,0 V${lh - lw / 2} A${lw / 2},${lw / 2} 0 0 0 ${lw},${lh - lw / 2} V0`,
    `M0,${lh} V0 H${lw * 0.58} A${lh * 0.26},${lh * 0.26} 0 0 1 ${lw * 0.58},${lh * 0.52} H0 M${lw * 0.5},${lh * 0.52} L${lw},${lh}`,
    `M0,${lh} L${lw / 2},0 L${lw},${lh} M${lw * 0.2},${lh * 0.64} H${lw * 0.8}`,
  ];
  const word = glyphs
    .map((d, i) => `<path transform="translate(${x0 + i * (lw + gap)},${y0})" d="${d}"/>`)
    .join('');
  // Lines of small "text" as rounded bars grouped into words.
  const rand = seededRandom(0x1abe1);
  const textLine = (cy: number, words: number, height: number, opacity: number): string => {
    const widths: number[] = [];
    for (let i = 0; i < words; i++) widths.push(14 + Math.floor(rand() * 38));
    const spacing = height * 1.4;
    const total = widths.reduce((a, b) => a + b, 0) + spacing * (words - 1);
    let x = p + (LABEL_W - total) / 2;
    let out = '';
    for (const ww of widths) {
      out += `<rect x="${x.toFixed(2)}" y="${(cy - height / 2).toFixed(2)}" width="${ww}" height="${height}" rx="${height / 2}" fill-opacity="${opacity}"/>`;
      x += ww + spacing;
    }
    return out;
  };
  const cx = p + LABEL_W / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w * LABEL_SCALE}" height="${h * LABEL_SCALE}" viewBox="0 0 ${w} ${h}">
  <rect x="${p}" y="${p}" width="${LABEL_W}" height="${LABEL_H}" rx="3" fill="#000000"/>
  <g fill="none" stroke="#ff0000">
    <rect x="${p + 16}" y="${p + 16}" width="${LABEL_W - 32}" height="${LABEL_H - 32}" stroke-width="2.2"/>
    <rect x="${p + 23}" y="${p + 23}" width="${LABEL_W - 46}" height="${LABEL_H - 46}" stroke-width="0.9"/>
    <circle cx="${cx}" cy="${p + 104}" r="42" stroke-width="2.6"/>
    <circle cx="${cx}" cy="${p + 104}" r="35" stroke-width="0.8"/>
  </g>
  <path fill="#ff0000" d="M${cx},${p + 76} C${cx + 19},${p + 93} ${cx + 19},${p + 118} ${cx},${p + 134} C${cx - 19},${p + 118} ${cx - 19},${p + 93} ${cx},${p + 76} Z"/>
  <path fill="none" stroke="#000000" stroke-width="1.6" d="M${cx},${p + 86} V${p + 130}"/>
  <g fill="none" stroke="#00ff00" stroke-width="5" stroke-linejoin="miter" stroke-miterlimit="10">${word}</g>
  <g fill="#00ff00">
    <rect x="${cx - 80}" y="${p + 268}" width="160" height="1.3"/>
    ${textLine(p + 298, 3, 9, 0.85)}
    ${textLine(p + 352, 6, 5.5, 0.55)}
    ${textLine(p + 367, 5, 5.5, 0.55)}
    ${textLine(p + 382, 6, 5.5, 0.55)}
    ${textLine(p + 418, 2, 8, 0.8)}
  </g>
</svg>`;
}

interface LabelTexture {
  data: Buffer;
  width: number;
  height: number;
}

async function renderLabel(): Promise<LabelTexture> {
  const { data, info } = await sharp(Buffer.from(labelSvg()))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Bilinear sample of the label texture; returns [foil, ink, paper] coverages in [0, 1]. */
function sampleLabel(tex: LabelTexture, u: number, v: number, out: Float32Array): void {
  const x = u - 0.5;
  const y = v - 0.5;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  for (let j = 0; j < 2; j++) {
    for (let i = 0; i < 2; i++) {
      const xx = x0 + i;
      const yy = y0 + j;
      if (xx < 0 || yy < 0 || xx >= tex.width || yy >= tex.height) continue;
      const w = (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
      const o = (yy * tex.width + xx) * 4;
      const a = tex.data[o + 3]! / 255;
      out[0] += w * (tex.data[o]! / 255) * a;
      out[1] += w * (tex.data[o + 1]! / 255) * a;
      out[2] += w * a;
    }
  }
}

async function makeForeground(): Promise<{ png: Buffer; softEdgePixels: number }> {
  const label = await renderLabel();
  const acc = new Float32Array(FG_W * FG_H * 4); // premultiplied linear RGBA
  const inv = 1 / (FG_SS * FG_SS);
  const sub = 1 / FG_SS;
  const col = new Float32Array(3);
  const tmp = new Float32Array(3);
  const lab = new Float32Array(3);
  const n: RGB = [0, 0, 1];

  for (let py = 0; py < FG_H; py++) {
    for (let j = 0; j < FG_SS; j++) {
      const y = py + (j + 0.5) * sub;
      const { part, r } = profile(y);
      if (part === Part.None || r <= 0.01) continue;
      // Slope of the profile by central difference (the normal's vertical component).
      const h = 0.08;
      const ra = profile(y - h);
      const rb = profile(y + h);
      const dr = ra.part === part && rb.part === part ? clamp((rb.r - ra.r) / (2 * h), -40, 40) : 0;

      const xStart = Math.max(0, Math.floor(FG_CX - r - 1));
      const xEnd = Math.min(FG_W - 1, Math.ceil(FG_CX + r + 1));
      for (let px = xStart; px <= xEnd; px++) {
        for (let i = 0; i < FG_SS; i++) {
          const sx = px + (i + 0.5) * sub;
          // Exact horizontal coverage of this subsample's footprint by the silhouette.
          const lo = Math.max(sx - sub / 2, FG_CX - r);
          const hi = Math.min(sx + sub / 2, FG_CX + r);
          const cov = (hi - lo) / sub;
          if (cov <= 0) continue;
          const u = clamp((sx - FG_CX) / r, -0.9995, 0.9995);
          const w = Math.sqrt(1 - u * u);
          // Surface of revolution: normal ~ (u, dr/dy, w), world y up.
          const len = Math.hypot(u, dr, w);
          n[0] = u / len;
          n[1] = dr / len;
          n[2] = w / len;

          if (part === Part.Cap) {
            shadeDielectric(col, LACQUER, n, 0.05, 0.02, 1, 1);
            // Contact shadow where the cap sits on the collar.
            const ao = 1 - 0.25 * Math.exp(-(CAP_BOTTOM - y) / 6);
            scale3(col, ao);
          } else if (part === Part.Collar) {
            shadeMetal(col, GOLD, n, 0.12);
            const ao = 1 - 0.6 * Math.exp(-(y - CAP_BOTTOM) / 5);
            scale3(col, ao);
          } else {
            // Glazed ceramic with a faint unevenness of the glaze.
            const glaze = 0.96 + 0.08 * fbm(sx / 140, y / 140, 7, 3);
            shadeDielectric(col, CERAMIC, n, 0.045, 0.03, 1, glaze);
            // Occlusion under the collar, a little at the foot, and less light towards the table.
            const ao =
              (1 - 0.45 * Math.exp(-(y - COLLAR_BOTTOM) / 14)) *
              (1 - 0.12 * Math.exp(-(BODY_BOTTOM - y) / 40)) *
              (1 - 0.14 * smoothstep(1000, BODY_BOTTOM, y));
            scale3(col, ao);

            const ly = y - LABEL_TOP;
            if (ly > -LABEL_PAD && ly < LABEL_H + LABEL_PAD) {
              const s = Math.asin(u) * r; // arc length from the front
              const tu = (s + LABEL_W / 2 + LABEL_PAD) * LABEL_SCALE;
              const tv = (ly + LABEL_PAD) * LABEL_SCALE;
              sampleLabel(label, tu, tv, lab);
              const paper = lab[2]!;
              if (paper > 0) {
                const foil = lab[0]!;
                const ink = lab[1]!;
                // Paper: matte, with a soft broad sheen.
                shadeDielectric(tmp, PAPER, n, 0.02, 0.35, 0.5, ao);
                let pr = tmp[0]!;
                let pg = tmp[1]!;
                let pb = tmp[2]!;
                if (ink > 0) {
                  shadeDielectric(tmp, INK, n, 0.03, 0.3, 0.6, ao);
                  pr = mix(pr, tmp[0]!, ink);
                  pg = mix(pg, tmp[1]!, ink);
                  pb = mix(pb, tmp[2]!, ink);
                }
                if (foil > 0) {
                  shadeMetal(tmp, GOLD, n, 0.2);
                  pr = mix(pr, tmp[0]! * ao, foil);
                  pg = mix(pg, tmp[1]! * ao, foil);
                  pb = mix(pb, tmp[2]! * ao, foil);
                }
                col[0] = mix(col[0]!, pr, paper);
                col[1] = mix(col[1]!, pg, paper);
                col[2] = mix(col[2]!, pb, paper);
              }
            }
          }

          const wgt = cov * inv;
          const o = (py * FG_W + px) * 4;
          acc[o] = acc[o]! + col[0]! * wgt;
          acc[o + 1] = acc[o + 1]! + col[1]! * wgt;
          acc[o + 2] = acc[o + 2]! + col[2]! * wgt;
          acc[o + 3] = acc[o + 3]! + wgt;
        }
      }
    }
  }

  // Feather the edge slightly (premultiplied, so colours do not bleed to black).
  gaussianBlur(acc, FG_W, FG_H, 4, 0.6);

  const out = Buffer.alloc(FG_W * FG_H * 4);
  let softEdgePixels = 0;
  for (let p = 0; p < FG_W * FG_H; p++) {
    const a = acc[p * 4 + 3]!;
    const a8 = Math.round(clamp(a, 0, 1) * 255);
    if (a8 === 0) continue;
    if (a8 < 255) softEdgePixels++;
    out[p * 4] = toSrgb8(acc[p * 4]! / a);
    out[p * 4 + 1] = toSrgb8(acc[p * 4 + 1]! / a);
    out[p * 4 + 2] = toSrgb8(acc[p * 4 + 2]! / a);
    out[p * 4 + 3] = a8;
  }
  const png = await sharp(out, { raw: { width: FG_W, height: FG_H, channels: 4 } })
    .png({ compressionLevel: 9, adaptiveFiltering: true })
    .toBuffer();
  return { png, softEdgePixels };
}

// ---------------------------------------------------------------------------------------------
// Background: marble tabletop, defocused room with window light and bokeh, film grain
// ---------------------------------------------------------------------------------------------

const BG_W = 3000;
const BG_H = 2000;
const BG_EDGE = 1140; // back edge of the table
const BG_VANISH = BG_EDGE - 150; // horizon line (hidden behind the backdrop)

async function makeBackground(): Promise<Buffer> {
  const rand = seededRandom(0x5eed2024);
  const img = new Float32Array(BG_W * BG_H * 3);

  // --- Backdrop: computed at 1/8 resolution (it is far out of focus), then upscaled. ---
  const LS = 8;
  const lw = BG_W / LS + 2;
  const lh = BG_H / LS + 2;
  const low = new Float32Array(lw * lh * 3);
  const wall = hexToLinear('#b9ab9b');
  const wallDark = hexToLinear('#6d6257');
  const leafDark = hexToLinear('#3e4a32');
  const leafLight = hexToLinear('#7d8a55');
  const blobs: { x: number; y: number; rx: number; ry: number; c: RGB; k: number }[] = [];
  // Out-of-focus foliage on the right, and a garden seen through the window on the left.
  for (let i = 0; i < 30; i++) {
    const right = i < 20;
    blobs.push({
      x: right ? 0.62 + rand() * 0.42 : 0.13 + rand() * 0.22,
      y: right ? rand() * 0.62 : 0.05 + rand() * 0.7,
      rx: right ? 0.04 + rand() * 0.08 : 0.03 + rand() * 0.05,
      ry: right ? 0.05 + rand() * 0.1 : 0.04 + rand() * 0.08,
      c: right ? (rand() < 0.55 ? leafDark : leafLight) : leafLight,
      k: right ? 0.55 + rand() * 0.4 : 0.25 + rand() * 0.3,
    });
  }
  for (let y = 0; y < lh; y++) {
    for (let x = 0; x < lw; x++) {
      const fx = (x - 0.5) / (lw - 2);
      const fy = ((y - 0.5) * LS) / BG_EDGE; // 0 at the top, 1 at the table edge
      const vert = smoothstep(-0.2, 1.1, fy);
      let r = mix(wallDark[0], wall[0], vert);
      let g = mix(wallDark[1], wall[1], vert);
      let b = mix(wallDark[2], wall[2], vert);
      // Right side falls off into shade.
      const shade = 1 - 0.35 * smoothstep(0.45, 1.0, fx);
      r *= shade;
      g *= shade;
      b *= shade;
      // A tall window on the left, blurred: soft edges and a faint mullion.
      const win =
        smoothstep(0.11, 0.15, fx) * smoothstep(0.38, 0.34, fx) * smoothstep(-0.05, 0.02, fy) * smoothstep(0.8, 0.72, fy);
      const mullion =
        1 - 0.45 * Math.exp(-(((fx - 0.245) / 0.008) ** 2)) - 0.4 * Math.exp(-(((fy - 0.36) / 0.012) ** 2));
      const glow = Math.exp(-(((fx - 0.26) / 0.3) ** 2) - (((fy - 0.45) / 0.6) ** 2));
      const sky = 0.55 - 0.15 * fy;
      r += win * mullion * sky * 1.05 + glow * 0.18;
      g += win * mullion * sky * 1.0 + glow * 0.15;
      b += win * mullion * sky * 0.88 + glow * 0.1;
      for (const bl of blobs) {
        const d = ((fx - bl.x) / bl.rx) ** 2 + ((fy - bl.y) / bl.ry) ** 2;
        if (d > 9) continue;
        const k = bl.k * Math.exp(-d);
        r = mix(r, bl.c[0], k);
        g = mix(g, bl.c[1], k);
        b = mix(b, bl.c[2], k);
      }
      const o = (y * lw + x) * 3;
      low[o] = r;
      low[o + 1] = g;
      low[o + 2] = b;
    }
  }
  gaussianBlur(low, lw, lh, 3, 3);
  for (let y = 0; y < BG_H; y++) {
    const ly = (y + 0.5) / LS + 0.5;
    const y0 = Math.floor(ly);
    const fy = ly - y0;
    for (let x = 0; x < BG_W; x++) {
      const lx = (x + 0.5) / LS + 0.5;
      const x0 = Math.floor(lx);
      const fx = lx - x0;
      const o00 = (y0 * lw + x0) * 3;
      const o10 = o00 + 3;
      const o01 = o00 + lw * 3;
      const o11 = o01 + 3;
      const o = (y * BG_W + x) * 3;
      for (let c = 0; c < 3; c++) {
        img[o + c] = mix(mix(low[o00 + c]!, low[o10 + c]!, fx), mix(low[o01 + c]!, low[o11 + c]!, fx), fy);
      }
    }
  }

  // --- Bokeh: out-of-focus highlights (sun through leaves, far lamps), additive in linear light. ---
  const bokehColors: RGB[] = [hexToLinear('#fff1d6'), hexToLinear('#ffd9a0'), hexToLinear('#f6e7c8'), hexToLinear('#e3efc4')];
  for (let i = 0; i < 64; i++) {
    // Denser around the window and the foliage, never on the table.
    const cluster = rand();
    let cx: number;
    let cy: number;
    if (cluster < 0.4) {
      cx = (0.13 + rand() * 0.24) * BG_W;
      cy = (0.03 + rand() * 0.42) * BG_H;
    } else if (cluster < 0.85) {
      cx = (0.6 + rand() * 0.4) * BG_W;
      cy = (0.02 + rand() * 0.4) * BG_H;
    } else {
      cx = rand() * BG_W;
      cy = rand() * (BG_EDGE - 60);
    }
    const rad = 14 + Math.pow(rand(), 1.6) * 80;
    const strength = (0.03 + Math.pow(rand(), 2) * 0.24) * (rad < 35 ? 1.5 : 1);
    const c = bokehColors[Math.floor(rand() * bokehColors.length)]!;
    const x0 = Math.max(0, Math.floor(cx - rad - 3));
    const x1 = Math.min(BG_W - 1, Math.ceil(cx + rad + 3));
    const y0 = Math.max(0, Math.floor(cy - rad - 3));
    const y1 = Math.min(BG_EDGE + 10, Math.ceil(cy + rad + 3));
    const soft = 1.8 + rad * 0.03;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        const edge = smoothstep(rad + soft, rad - soft, d);
        if (edge <= 0) continue;
        const t = d / rad;
        const prof = strength * edge * (0.82 + 0.18 * t * t * t * t);
        const o = (y * BG_W + x) * 3;
        img[o] = img[o]! + c[0] * prof;
        img[o + 1] = img[o + 1]! + c[1] * prof;
        img[o + 2] = img[o + 2]! + c[2] * prof;
      }
    }
  }

  // --- Tabletop: polished marble in perspective with depth of field. ---
  const tTop = BG_EDGE - 6;
  const th = BG_H - tTop;
  const table = new Float32Array(BG_W * th * 3);
  const K = BG_H - BG_VANISH; // depth 1 at the bottom row
  const marble = hexToLinear('#e9e3d9');
  const vein = hexToLinear('#8f857b');
  const warm = hexToLinear('#d9c7ae');
  const radii = new Int32Array(th);
  const focusDepth = K / (1820 - BG_VANISH);
  for (let ty = 0; ty < th; ty++) {
    const y = tTop + ty + 0.5;
    const depth = K / Math.max(y - BG_VANISH, 1);
    radii[ty] = Math.round(clamp((22 * Math.abs(depth - focusDepth)) / depth, 1, 22));
    // Contrast of fine detail fades with distance (it is smaller than a pixel there).
    const detail = clamp(1.6 / depth, 0.25, 1);
    for (let x = 0; x < BG_W; x++) {
      const X = ((x + 0.5 - BG_W / 2) / K) * depth;
      const Z = depth;
      const n1 = fbm(X * 0.9, Z * 0.9, 11, 5);
      const n2 = fbm(X * 2.2 + 7.3, Z * 2.2, 23, 4);
      const v1 = Math.abs(Math.sin((X * 0.8 + Z * 0.45) * 2.6 + n1 * 7));
      const v2 = Math.abs(Math.sin((X * -0.5 + Z * 0.9) * 4.1 + n2 * 6));
      const veins =
        (1 - smoothstep(0, 0.16, v1)) * 0.4 * smoothstep(0.3, 0.75, n2) +
        (1 - smoothstep(0, 0.05, v1)) * 0.12 * smoothstep(0.45, 0.7, n2) +
        (1 - smoothstep(0, 0.06, v2)) * 0.14 * smoothstep(0.35, 0.6, n1);
      const cloud = fbm(X * 0.5 + 3, Z * 0.5, 31, 4);
      const o = (ty * BG_W + x) * 3;
      const vk = veins * detail;
      for (let c = 0; c < 3; c++) {
        const base = mix(marble[c]!, warm[c]!, 0.7 * smoothstep(0.3, 0.75, cloud));
        table[o + c] = mix(base, vein[c]!, vk);
      }
    }
  }
  // Variable box blur (two passes each way) approximating the depth-of-field blur per row.
  const rowBlur = (data: Float32Array): void => {
    const line = new Float64Array((BG_W + 1) * 3);
    for (let ty = 0; ty < th; ty++) {
      const rad = radii[ty]!;
      if (rad === 0) continue;
      for (let x = 0; x < BG_W; x++) {
        for (let c = 0; c < 3; c++) line[(x + 1) * 3 + c] = line[x * 3 + c]! + data[(ty * BG_W + x) * 3 + c]!;
      }
      for (let x = 0; x < BG_W; x++) {
        const a = Math.max(0, x - rad);
        const b = Math.min(BG_W - 1, x + rad);
        for (let c = 0; c < 3; c++) {
          data[(ty * BG_W + x) * 3 + c] = (line[(b + 1) * 3 + c]! - line[a * 3 + c]!) / (b - a + 1);
        }
      }
    }
  };
  const colBlur = (data: Float32Array): void => {
    const line = new Float64Array((th + 1) * 3);
    const outCol = new Float32Array(th * 3);
    for (let x = 0; x < BG_W; x++) {
      for (let ty = 0; ty < th; ty++) {
        for (let c = 0; c < 3; c++) line[(ty + 1) * 3 + c] = line[ty * 3 + c]! + data[(ty * BG_W + x) * 3 + c]!;
      }
      for (let ty = 0; ty < th; ty++) {
        const rad = radii[ty]!;
        const a = Math.max(0, ty - rad);
        const b = Math.min(th - 1, ty + rad);
        for (let c = 0; c < 3; c++) outCol[ty * 3 + c] = (line[(b + 1) * 3 + c]! - line[a * 3 + c]!) / (b - a + 1);
      }
      for (let ty = 0; ty < th; ty++) {
        for (let c = 0; c < 3; c++) data[(ty * BG_W + x) * 3 + c] = outCol[ty * 3 + c]!;
      }
    }
  };
  rowBlur(table);
  colBlur(table);
  rowBlur(table);
  colBlur(table);

  // Light on the table: window light from the back left, its soft reflection in the polish, falloff.
  const sheen = hexToLinear('#fff3e0');
  for (let ty = 0; ty < th; ty++) {
    const y = tTop + ty + 0.5;
    const fy = (y - BG_EDGE) / (BG_H - BG_EDGE);
    const alpha = smoothstep(BG_EDGE - 5, BG_EDGE + 5, y);
    for (let x = 0; x < BG_W; x++) {
      const fx = (x + 0.5) / BG_W;
      const light = 0.62 + 0.42 * Math.exp(-(((fx - 0.3) / 0.45) ** 2) - ((fy / 0.9) ** 2)) - 0.12 * fy;
      const refl = 0.2 * Math.exp(-(((fx - 0.25) / 0.09) ** 2) - ((fy / 0.28) ** 2));
      const edgeLine = 0.06 * Math.exp(-(((y - BG_EDGE - 3) / 4) ** 2));
      const o = (ty * BG_W + x) * 3;
      const io = ((tTop + ty) * BG_W + x) * 3;
      for (let c = 0; c < 3; c++) {
        const v = table[o + c]! * light + sheen[c]! * (refl + edgeLine);
        img[io + c] = mix(img[io + c]!, v, alpha);
      }
    }
  }

  // --- Vignette, film grain, sRGB, JPEG. ---
  const out = Buffer.alloc(BG_W * BG_H * 3);
  // Luminance grain slightly larger than a pixel (so it survives JPEG like real grain) plus faint chroma noise.
  const grainRand = seededRandom(0x6a41);
  const grainField = new Float32Array(BG_W * BG_H);
  for (let i = 0; i < grainField.length; i++) grainField[i] = gaussian(grainRand);
  gaussianBlur(grainField, BG_W, BG_H, 1, 0.6);
  for (let y = 0; y < BG_H; y++) {
    for (let x = 0; x < BG_W; x++) {
      const dx = (x - BG_W * 0.45) / (BG_W * 0.62);
      const dy = (y - BG_H * 0.5) / (BG_H * 0.7);
      const vig = 1 - 0.32 * Math.pow(Math.min(dx * dx + dy * dy, 2), 1.3);
      const o = (y * BG_W + x) * 3;
      const lum = grainField[y * BG_W + x]! * 0.026;
      for (let c = 0; c < 3; c++) {
        const s = toSrgb8(img[o + c]! * vig) / 255;
        const grain = lum + gaussian(grainRand) * 0.004;
        out[o + c] = Math.round(clamp(s + grain * (0.6 + 0.8 * s * (1 - s) * 2), 0, 1) * 255);
      }
    }
  }
  return sharp(out, { raw: { width: BG_W, height: BG_H, channels: 3 } })
    .jpeg({ quality: 85, mozjpeg: true, chromaSubsampling: '4:2:0' })
    .toBuffer();
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  await mkdir(OUT_DIR, { recursive: true });
  const only = process.argv[2];

  if (!only || only === 'foreground') {
    const { png, softEdgePixels } = await makeForeground();
    await writeFile(resolve(OUT_DIR, 'foreground.png'), png);
    console.log(`foreground.png  ${FG_W}x${FG_H}  ${png.length} bytes  soft-edge pixels (0<alpha<255): ${softEdgePixels}`);
  }
  if (!only || only === 'background') {
    const jpg = await makeBackground();
    await writeFile(resolve(OUT_DIR, 'background.jpg'), jpg);
    console.log(`background.jpg  ${BG_W}x${BG_H}  ${jpg.length} bytes`);
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
