import { boxMean } from './box-filter.ts';
import { clamp01 } from './clamp01.ts';
import type { ColorPlanes } from './guided-filter.ts';

/**
 * Where the photo is flat, one surface is either subject or not: the model's doubt there is settled by the
 * surface's own vote. Over an even area it is unsure of (a plain shirt cut by the frame, a glossy panel) ISNet
 * answers in blotches of 0.2-0.8, and the guided filter, which in a flat area can only return the mask's local
 * mean, turned them into half-transparent patches. Here the flat pixels are joined into surfaces (neighbours of
 * nearly the same colour and nearly the same mask: the model's blotches change slowly, its edge between subject
 * and background does not, so a white product on a white backdrop stays two surfaces), each surface's mean
 * mask is its vote, and each flat pixel takes its vote's side (below, with hysteresis). Edges and fine structure (strands,
 * where the photo is not flat) and what the model is sure of keep the model's values for the guided filter. A
 * flat, truly half-transparent surface (frosted glass) is made opaque or clear by this: rare in product photos,
 * whose subjects the model holds opaque.
 */
export function settleFlatRegions(mask: Float32Array, photo: ColorPlanes, settled: Float32Array = new Float32Array(mask.length)): Float32Array {
  const { width, height } = photo;
  const steps = colourSteps(photo);
  // The summed steps are read only by the flatness test: its window mean takes their place.
  const texture = boxMean(steps.both, width, height, 2, steps.both);
  const surfaces = joinSurfaces(mask, width, height, steps, texture);
  // Whether each surface comes within a few pixels of what the model is sure is subject (across the edge
  // pixels that belong to no surface).
  const sure = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i += 1) sure[i] = mask[i]! >= SURE_SUBJECT ? 1 : 0;
  const nearSure = boxMean(sure, width, height, TOUCH, sure);
  const sum = new Float64Array(mask.length);
  const count = new Uint32Array(mask.length);
  const touches = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i += 1) {
    const root = surfaces[i]!;
    sum[root]! += mask[i]!;
    count[root]! += 1;
    if (nearSure[i]! > 0 && mask[i]! < SURE_SUBJECT) touches[root] = 1;
  }
  const smallest = mask.length * SMALLEST_SURFACE;
  // Each pixel reads only its own mask value here, so `settled` may be the mask itself.
  for (let i = 0; i < mask.length; i += 1) {
    const m = mask[i]!;
    const flatness = clamp01((TEXTURE_ABOVE - texture[i]!) / (TEXTURE_ABOVE - FLAT_BELOW));
    const root = surfaces[i]!;
    if (count[root]! < smallest) {
      settled[i] = m;
      continue;
    }
    const vote = sum[root]! / count[root]!;
    const side = vote >= 0.5 || (vote >= JOIN_VOTE && touches[root] === 1) ? 1 : 0;
    // A vote never overturns what the model is sure of; towards the side it already leans, it goes all the way.
    const movable = side === 1 ? clamp01((m - SURE_BACKGROUND) / FADE) : clamp01((SURE_SUBJECT - m) / FADE);
    settled[i] = m + (side - m) * flatness * movable;
  }
  return settled;
}

/** The mask's values the model is sure of (no vote overturns them), and the width of the fade into doubt. */
const SURE_BACKGROUND = 0.05;
const SURE_SUBJECT = 0.95;
const FADE = 0.1;
/**
 * Hysteresis, as in Canny's edges: a surface the model half-believes (a vote from this up to 0.5) joins the
 * subject when it touches what the model is sure of (a shirt under a face, a stand under a product), and
 * not when it stands apart (clutter). Over the one surface measured near the threshold, a plain shirt cut
 * by the frame, the model's vote moved from 0.54 to 0.44 with the photo's size alone.
 */
const JOIN_VOTE = 0.35;
/**
 * A surface smaller than this share of the image (~400 px of a 1024x768 working image, a 20x20 patch) has
 * no vote: along the model's soft edge, where the photo outside is flat, neighbours of nearly equal mask form
 * thin strips that follow the mask's contours, and settling those moved the edge itself (the 4-MP bottle
 * over clutter lost 0.001 of IoU at its shoulder).
 */
const SMALLEST_SURFACE = 0.0005;
/** How near (working pixels) a surface must come to the sure subject to touch it: past the edge's own pixels. */
const TOUCH = 6;

/**
 * Flat: the mean colour change to the neighbours (summed over R, G, B in 0..1, over a 5x5 window) is under
 * FLAT_BELOW; over TEXTURE_ABOVE a pixel is texture or an edge, left as the model said; in between it fades.
 */
const FLAT_BELOW = 0.02;
const TEXTURE_ABOVE = 0.05;
/**
 * Neighbours join one surface when their colours differ by less than COLOUR_STEP (a studio backdrop's slow
 * gradient and JPEG noise at the working size stay one surface) and their mask values by less than
 * MASK_STEP (well above the change per pixel of the model's blotches, well under that of its edges).
 */
const COLOUR_STEP = 0.03;
const MASK_STEP = 0.08;

/**
 * Per pixel, the colour step (summed absolute difference over R, G, B) to its right and to its lower neighbour
 * (0 at the far edges), and their sum: read by the flatness test and by the joining of surfaces alike.
 */
interface ColourSteps {
  right: Float32Array;
  down: Float32Array;
  both: Float32Array;
}

function colourSteps({ width, height, r, g, b }: ColorPlanes): ColourSteps {
  const right = new Float32Array(width * height);
  const down = new Float32Array(width * height);
  const both = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      if (x + 1 < width) right[i] = Math.abs(r[i + 1]! - r[i]!) + Math.abs(g[i + 1]! - g[i]!) + Math.abs(b[i + 1]! - b[i]!);
      if (y + 1 < height) down[i] = Math.abs(r[i + width]! - r[i]!) + Math.abs(g[i + width]! - g[i]!) + Math.abs(b[i + width]! - b[i]!);
      both[i] = right[i]! + down[i]!;
    }
  }
  return { right, down, both };
}

/**
 * Each pixel's surface, as the index of its root (union-find with path halving): flat neighbours whose colour
 * and mask both change by less than the steps share one. A pixel that is not flat is a surface of its own.
 */
function joinSurfaces(mask: Float32Array, width: number, height: number, steps: ColourSteps, texture: Float32Array): Int32Array {
  const parent = new Int32Array(width * height);
  for (let i = 0; i < parent.length; i += 1) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const join = (i: number, j: number, colourStep: number) => {
    if (texture[j]! >= TEXTURE_ABOVE) return;
    if (Math.abs(mask[i]! - mask[j]!) >= MASK_STEP) return;
    if (colourStep >= COLOUR_STEP) return;
    const a = find(i);
    const c = find(j);
    if (a !== c) parent[a < c ? c : a] = a < c ? a : c;
  };
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      if (texture[i]! >= TEXTURE_ABOVE) continue;
      if (x + 1 < width) join(i, i + 1, steps.right[i]!);
      if (y + 1 < height) join(i, i + width, steps.down[i]!);
    }
  }
  for (let i = 0; i < parent.length; i += 1) parent[i] = find(i);
  return parent;
}
