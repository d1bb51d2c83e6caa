import { describe, expect, it } from 'vitest';
import { cutoutRect, photoRect } from './cutout-placement.ts';

describe('cutoutRect and photoRect', () => {
  const photo = { width: 4000, height: 3000 };
  const crop = { x: 1000, y: 600, width: 1500, height: 2100 };

  it('puts the cut-out where its part of the photo was drawn', () => {
    // The photo drawn at half size from (100, 50): the crop's part starts 500, 300 further and is 750x1050.
    expect(cutoutRect({ x: 100, y: 50, width: 2000, height: 1500 }, photo, crop)).toEqual({ x: 600, y: 350, width: 750, height: 1050 });
  });

  it('gives the photo back where it was, also after the cut-out was moved', () => {
    const rect = { x: -37, y: 211, width: 3333, height: 2500 };
    const placed = cutoutRect(rect, photo, crop);
    const back = photoRect(placed, photo, crop);
    expect(Math.abs(back.x - rect.x)).toBeLessThanOrEqual(2);
    expect(Math.abs(back.y - rect.y)).toBeLessThanOrEqual(2);
    expect(Math.abs(back.width - rect.width)).toBeLessThanOrEqual(3);
    expect(photoRect({ ...placed, x: placed.x + 40 }, photo, crop).x).toBe(back.x + 40);
  });

  it('is the identity when nothing was trimmed', () => {
    const whole = { x: 0, y: 0, ...photo };
    const rect = { x: 10, y: 20, width: 800, height: 600 };
    expect(cutoutRect(rect, photo, whole)).toEqual(rect);
    expect(photoRect(rect, photo, whole)).toEqual(rect);
  });
});
