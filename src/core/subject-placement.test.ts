import { describe, expect, it } from 'vitest';
import type { Layer } from './document.ts';
import { fitSubject, subjectFill, subjectInsideCanvas, subjectOnCanvas } from './subject-placement.ts';

// A cut-out 1000x800 whose subject is the box 100..500 x 200..800 (400 wide, 600 tall).
const cutout: Layer = {
  source: { url: 'u', width: 1000, height: 800, subject: { x: 100, y: 200, width: 400, height: 600 } },
  x: 0,
  y: 0,
  width: 500,
  height: 400,
};
const square = { width: 2000, height: 2000 };

describe('subjectOnCanvas', () => {
  it("maps the cut-out's subject through the layer's scale and offset", () => {
    expect(subjectOnCanvas({ ...cutout, x: 10, y: 20 })).toEqual({ x: 60, y: 120, width: 200, height: 300 });
  });

  it("is the layer's box when the subject is not known", () => {
    const photo = { ...cutout, source: { url: 'u', width: 1000, height: 800 } };
    expect(subjectOnCanvas(photo)).toEqual({ x: 0, y: 0, width: 500, height: 400 });
  });
});

describe('subjectFill', () => {
  it("is the subject's larger share of the canvas's width or height", () => {
    expect(subjectFill({ x: 0, y: 0, width: 1000, height: 1700 }, square)).toBe(0.85);
    expect(subjectFill({ x: 0, y: 0, width: 1800, height: 100 }, { width: 2000, height: 1600 })).toBe(0.9);
  });

  it('counts only the part inside the canvas', () => {
    expect(subjectFill({ x: -1000, y: 0, width: 2000, height: 100 }, square)).toBe(0.5);
    expect(subjectFill({ x: 3000, y: 0, width: 100, height: 100 }, square)).toBe(0);
  });
});

describe('subjectInsideCanvas', () => {
  it('is false when an edge cuts the subject', () => {
    expect(subjectInsideCanvas({ x: 0, y: 0, width: 2000, height: 2000 }, square)).toBe(true);
    expect(subjectInsideCanvas({ x: -1, y: 0, width: 100, height: 100 }, square)).toBe(false);
    expect(subjectInsideCanvas({ x: 1950, y: 0, width: 100, height: 100 }, square)).toBe(false);
  });
});

describe('fitSubject', () => {
  it("fits the subject (not the image) to 85 % of a square, centred, and the fill is exactly met", () => {
    const rect = fitSubject(cutout, square, 0.85);
    const subject = subjectOnCanvas({ ...cutout, ...rect });
    // The subject is 600 tall in the image: 1700 on the canvas, so the image is 800 * 1700/600 = 2266.67 -> 2267 tall.
    expect(rect).toMatchObject({ width: 2834, height: 2267 });
    expect(subjectFill(subject, square)).toBeGreaterThanOrEqual(0.85);
    expect(subjectFill(subject, square)).toBeLessThan(0.8505);
    expect(Math.abs(subject.x + subject.width / 2 - 1000)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(subject.y + subject.height / 2 - 1000)).toBeLessThanOrEqual(0.5);
  });

  it('fits a wide subject by its width on a tall canvas', () => {
    const wide: Layer = { source: { url: 'u', width: 400, height: 100 }, x: 5, y: 5, width: 40, height: 10 };
    const rect = fitSubject(wide, { width: 1000, height: 1500 }, 0.8);
    expect(rect).toEqual({ x: 100, y: 650, width: 800, height: 200 });
  });

  it('aligns the subject to the bottom with a floor margin', () => {
    const rect = fitSubject(cutout, square, 0.5, { align: 'bottom', floorMargin: 100 });
    const subject = subjectOnCanvas({ ...cutout, ...rect });
    expect(subject.y + subject.height).toBeLessThanOrEqual(1900);
    expect(subject.y + subject.height).toBeGreaterThan(1899);
    expect(subject.height).toBeGreaterThanOrEqual(1000);
  });
});
