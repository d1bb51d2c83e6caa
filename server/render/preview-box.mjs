// The result's on-screen preview, made while the render workers compose the canvas: each k x k block of canvas
// pixels becomes one preview pixel (their average), so no one decodes the full-size PNG to show the result.
// Plain JavaScript on purpose: worker threads start without a TypeScript loader (vitest, tsx, node alike).

/**
 * The preview's pixels in shared memory, each the average of a k x k block of the canvas.
 * @typedef {{ data: SharedArrayBuffer, width: number, height: number, channels: 3 | 4, k: number }} PreviewPixels
 */

/**
 * Sums of a band of k canvas rows, block by block, for one strip of rows (which starts on a block row).
 * `channels` 4 averages colour weighted by alpha (a transparent pixel's colour counts for nothing), 3 plainly.
 */
export class PreviewBox {
  /**
   * @param {PreviewPixels} preview the preview pixels (RGB or RGBA)
   * @param {number} canvasWidth width of the canvas rows given to `add`
   * @param {number} canvasHeight height of the canvas (the last block row may be shorter than k)
   */
  constructor(preview, canvasWidth, canvasHeight) {
    this.out = new Uint8Array(preview.data);
    this.width = preview.width;
    this.channels = preview.channels;
    this.k = preview.k;
    this.canvasWidth = canvasWidth;
    this.canvasHeight = canvasHeight;
    this.sums = new Float64Array(this.width * 4);
    this.rows = 0;
  }

  /**
   * Adds canvas row y (RGBA pixels as 32-bit words, r in the low byte); writes a preview row when a block row is full.
   * @param {number} y
   * @param {Uint32Array} row32
   */
  add(y, row32) {
    const { k, sums, canvasWidth } = this;
    const weighted = this.channels === 4;
    for (let j = 0, x = 0; x < canvasWidth; j += 4) {
      const end = Math.min(x + k, canvasWidth);
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (; x < end; x += 1) {
        const p = row32[x];
        const alpha = p >>> 24;
        const w = weighted ? alpha : 1;
        r += (p & 0xff) * w;
        g += ((p >>> 8) & 0xff) * w;
        b += ((p >>> 16) & 0xff) * w;
        a += alpha;
      }
      sums[j] += r;
      sums[j + 1] += g;
      sums[j + 2] += b;
      sums[j + 3] += a;
    }
    this.rows += 1;
    if (this.rows === k || y === this.canvasHeight - 1) this.flush(Math.floor(y / k));
  }

  /** @param {number} previewRow */
  flush(previewRow) {
    const { k, sums, out, channels, canvasWidth } = this;
    const weighted = channels === 4;
    let o = previewRow * this.width * channels;
    for (let bx = 0; bx < this.width; bx += 1) {
      const j = bx * 4;
      const pixels = this.rows * (Math.min((bx + 1) * k, canvasWidth) - bx * k);
      const a = sums[j + 3];
      const by = weighted ? a : pixels;
      if (by === 0) {
        out.fill(0, o, o + channels);
      } else {
        out[o] = Math.round(sums[j] / by);
        out[o + 1] = Math.round(sums[j + 1] / by);
        out[o + 2] = Math.round(sums[j + 2] / by);
        if (weighted) out[o + 3] = Math.round(a / pixels);
      }
      o += channels;
    }
    sums.fill(0);
    this.rows = 0;
  }
}
