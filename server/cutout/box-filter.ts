/**
 * The mean over a (2r+1) x (2r+1) window of a single-channel float image, windows clipped at the borders (so a
 * border pixel averages only what exists, as the guided filter expects). Two running-sum passes: O(pixels),
 * whatever the radius, which is what makes the guided filter and the foreground estimate affordable at 12 MP.
 * `out` may be `input` itself: the first pass has read all of it before the second writes.
 */
export function boxMean(input: Float32Array, width: number, height: number, radius: number, out: Float32Array = new Float32Array(input.length)): Float32Array {
  const rows = scratch(input.length);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    let sum = 0;
    const first = Math.min(radius, width - 1);
    for (let x = 0; x <= first; x += 1) sum += input[row + x]!;
    for (let x = 0; x < width; x += 1) {
      const left = x - radius;
      const right = x + radius;
      const count = Math.min(width - 1, right) - Math.max(0, left) + 1;
      rows[row + x] = sum / count;
      if (right + 1 < width) sum += input[row + right + 1]!;
      if (left >= 0) sum -= input[row + left]!;
    }
  }
  // The vertical pass keeps one running sum per column, walking rows in order (cache-friendly).
  const sums = new Float64Array(width);
  const firstRow = Math.min(radius, height - 1);
  for (let y = 0; y <= firstRow; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) sums[x]! += rows[row + x]!;
  }
  for (let y = 0; y < height; y += 1) {
    const top = y - radius;
    const bottom = y + radius;
    const count = Math.min(height - 1, bottom) - Math.max(0, top) + 1;
    const row = y * width;
    for (let x = 0; x < width; x += 1) out[row + x] = sums[x]! / count;
    if (bottom + 1 < height) {
      const add = (bottom + 1) * width;
      for (let x = 0; x < width; x += 1) sums[x]! += rows[add + x]!;
    }
    if (top >= 0) {
      const sub = top * width;
      for (let x = 0; x < width; x += 1) sums[x]! -= rows[sub + x]!;
    }
  }
  return out;
}

/** The horizontal pass's plane, kept between calls (one per thread): a fresh one per call was most of the cost. */
let rowsScratch = new Float32Array(0);

function scratch(length: number): Float32Array {
  if (rowsScratch.length < length) rowsScratch = new Float32Array(length);
  return rowsScratch.subarray(0, length);
}
