import { describe, expect, it } from 'vitest';
import { hasTransparentPixel } from './transparency.ts';

describe('hasTransparentPixel', () => {
  it('finds any alpha below 255', () => {
    expect(hasTransparentPixel(new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255]))).toBe(false);
    expect(hasTransparentPixel(new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 254]))).toBe(true);
    expect(hasTransparentPixel(new Uint8ClampedArray([255, 255, 255, 0]))).toBe(true);
    expect(hasTransparentPixel(new Uint8ClampedArray([]))).toBe(false);
  });
});
