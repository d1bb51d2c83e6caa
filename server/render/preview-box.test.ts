import { describe, expect, it } from 'vitest';
import { PreviewBox } from './preview-box.mjs';

/** RGBA pixels as the render workers hold a row: 32-bit words, r in the low byte. */
const row = (...pixels: number[][]) => new Uint32Array(Uint8Array.from(pixels.flat()).buffer);

describe('PreviewBox', () => {
  it('averages each k x k block, the last block row and column as far as the canvas goes (RGB)', () => {
    const data = new SharedArrayBuffer(3 * 2 * 3);
    const box = new PreviewBox({ data, width: 3, height: 2, channels: 3, k: 2 }, 5, 3);
    box.add(0, row([10, 0, 0, 255], [30, 0, 0, 255], [0, 100, 0, 255], [0, 50, 0, 255], [7, 7, 7, 255]));
    box.add(1, row([20, 0, 0, 255], [40, 0, 0, 255], [0, 0, 0, 255], [0, 50, 0, 255], [9, 9, 9, 255]));
    box.add(2, row([1, 2, 3, 255], [3, 4, 5, 255], [0, 0, 0, 255], [0, 0, 200, 255], [200, 100, 0, 255]));
    expect([...new Uint8Array(data)]).toEqual([25, 0, 0, 0, 50, 0, 8, 8, 8, /* last row, one canvas row high */ 2, 3, 4, 0, 0, 100, 200, 100, 0]);
  });

  it('weights colour by alpha (RGBA): a transparent pixel lends no colour, only its alpha', () => {
    const data = new SharedArrayBuffer(2 * 4);
    const box = new PreviewBox({ data, width: 2, height: 1, channels: 4, k: 2 }, 4, 2);
    box.add(0, row([200, 0, 0, 255], [0, 255, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]));
    box.add(1, row([100, 0, 0, 128], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]));
    // (200*255 + 100*128) / 383 = 166.6; alpha (255 + 128) / 4 = 95.75; an all-transparent block stays 0.
    expect([...new Uint8Array(data)]).toEqual([167, 0, 0, 96, 0, 0, 0, 0]);
  });
});
