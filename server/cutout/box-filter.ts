/**
 * The mean over a (2r+1) x (2r+1) window of a single-channel float image, windows clipped at the borders (so a
 * border pixel averages only what exists, as the guided filter expects). Two running-sum passes: O(pixels),
 * whatever the radius, which is what makes the guided filter and the foreground estimate affordable at 12 MP.
 * `out` may be `input` itself: the first pass has read all of it before the second writes.
 */
export function boxMean(input: Float32Array, width: number, height: number, radius: number, out: Float32Array = new Float32Array(input.length)): Float32Array {
  const rows = scratch(input.length);
  // Each column's window size, as a factor: a multiply per pixel where a divide cost several times more.
  const columnScale = windowScales(width, radius);
  // Columns whose window lies wholly inside the row: no bounds to check there.
  const innerStart = Math.min(radius, width);
  const innerEnd = Math.max(innerStart, width - radius - 1);
  const first = Math.min(radius, width - 1);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x <= first; x += 1) sum += input[row + x]!;
    let x = 0;
    for (; x < innerStart; x += 1) {
      rows[row + x] = sum * columnScale[x]!;
      if (x + radius + 1 < width) sum += input[row + x + radius + 1]!;
    }
    const scale = 1 / (2 * radius + 1);
    for (; x < innerEnd; x += 1) {
      rows[row + x] = sum * scale;
      sum += input[row + x + radius + 1]! - input[row + x - radius]!;
    }
    for (; x < width; x += 1) {
      rows[row + x] = sum * columnScale[x]!;
      if (x + radius + 1 < width) sum += input[row + x + radius + 1]!;
      if (x - radius >= 0) sum -= input[row + x - radius]!;
    }
  }
  // The vertical pass keeps one running sum per column, walking rows in order (cache-friendly).
  const sums = columnSums(width);
  const firstRow = Math.min(radius, height - 1);
  for (let y = 0; y <= firstRow; y += 1) {
    const row = y * width;
    for (let x = 0; x < width; x += 1) sums[x]! += rows[row + x]!;
  }
  for (let y = 0; y < height; y += 1) {
    const top = y - radius;
    const bottom = y + radius;
    const scale = 1 / (Math.min(height - 1, bottom) - Math.max(0, top) + 1);
    const row = y * width;
    for (let x = 0; x < width; x += 1) out[row + x] = sums[x]! * scale;
    if (bottom + 1 < height && top >= 0) {
      const add = (bottom + 1) * width;
      const sub = top * width;
      for (let x = 0; x < width; x += 1) sums[x]! += rows[add + x]! - rows[sub + x]!;
    } else if (bottom + 1 < height) {
      const add = (bottom + 1) * width;
      for (let x = 0; x < width; x += 1) sums[x]! += rows[add + x]!;
    } else if (top >= 0) {
      const sub = top * width;
      for (let x = 0; x < width; x += 1) sums[x]! -= rows[sub + x]!;
    }
  }
  return out;
}

/** 1 / (the number of pixels in column x's window), windows clipped at the row's ends. */
function windowScales(width: number, radius: number): Float64Array {
  const scales = new Float64Array(width);
  for (let x = 0; x < width; x += 1) scales[x] = 1 / (Math.min(width - 1, x + radius) - Math.max(0, x - radius) + 1);
  return scales;
}

/** The vertical pass's running sums, zeroed, kept between calls (one per thread). */
let sumsScratch = new Float64Array(0);

function columnSums(width: number): Float64Array {
  if (sumsScratch.length < width) sumsScratch = new Float64Array(width);
  const sums = sumsScratch.subarray(0, width);
  sums.fill(0);
  return sums;
}

/** The horizontal pass's plane, kept between calls (one per thread): a fresh one per call was most of the cost. */
let rowsScratch = new Float32Array(0);

function scratch(length: number): Float32Array {
  if (rowsScratch.length < length) rowsScratch = new Float32Array(length);
  return rowsScratch.subarray(0, length);
}
