import { describe, expect, it } from 'vitest';
import { placeInSlot } from './batch-placement.ts';

const slot = { x: 100, y: 200, width: 400, height: 600 };

describe('placeInSlot', () => {
  it('fits a tall product to the slot height and stands it on the slot floor, centred', () => {
    const rect = placeInSlot(slot, { width: 500, height: 1500 }, { anchor: 'bottom' });
    expect(rect).toEqual({ x: 200, y: 200, width: 200, height: 600 });
  });

  it('fits a wide product to the slot width; bottom anchor puts it on the floor, not in the middle', () => {
    const rect = placeInSlot(slot, { width: 2000, height: 500 }, { anchor: 'bottom' });
    expect(rect).toEqual({ x: 100, y: 700, width: 400, height: 100 });
    expect(rect.y + rect.height).toBe(slot.y + slot.height);
  });

  it('centre anchor puts the product in the middle of the slot', () => {
    const rect = placeInSlot(slot, { width: 2000, height: 500 }, { anchor: 'center' });
    expect(rect).toEqual({ x: 100, y: 450, width: 400, height: 100 });
  });

  it('gives products of different shapes the same floor and the same centre line', () => {
    const shapes = [
      { width: 37, height: 1999 },
      { width: 1999, height: 37 },
      { width: 1000, height: 1000 },
      { width: 3, height: 7 },
    ];
    for (const shape of shapes) {
      const rect = placeInSlot(slot, shape, { anchor: 'bottom' });
      expect(rect.y + rect.height).toBe(800);
      expect(Math.abs(rect.x + rect.width / 2 - 300)).toBeLessThanOrEqual(0.5);
      expect(rect.width).toBeLessThanOrEqual(slot.width);
      expect(rect.height).toBeLessThanOrEqual(slot.height);
      // One side touches the slot: fitted, not merely inside.
      expect(rect.width === slot.width || rect.height === slot.height).toBe(true);
    }
  });

  it('keeps an extreme aspect ratio at least one pixel wide', () => {
    const rect = placeInSlot(slot, { width: 1, height: 100_000 }, { anchor: 'bottom' });
    expect(rect.width).toBe(1);
    expect(rect.height).toBe(600);
  });

  it('fits the subject, not the transparent margins around it, and puts the subject on the floor', () => {
    // A 1000x1000 cut-out whose subject is 200x500 at (400, 300): 200 px of empty margin under it.
    const subject = { x: 400, y: 300, width: 200, height: 500 };
    const rect = placeInSlot(slot, { width: 1000, height: 1000 }, { anchor: 'bottom' }, subject);
    const scale = rect.width / 1000;
    expect(scale).toBeCloseTo(600 / 500);
    const subjectBottom = rect.y + (subject.y + subject.height) * scale;
    const subjectCentre = rect.x + (subject.x + subject.width / 2) * scale;
    expect(subjectBottom).toBeCloseTo(800, 0);
    expect(subjectCentre).toBeCloseTo(300, 0);
    // The image itself is larger than the slot: its margins hang outside it.
    expect(rect.width).toBeGreaterThan(slot.width);
  });

  it('centres an off-centre subject in the slot with the centre anchor', () => {
    const subject = { x: 0, y: 0, width: 100, height: 100 };
    const rect = placeInSlot(slot, { width: 400, height: 400 }, { anchor: 'center' }, subject);
    expect(rect).toEqual({ x: 100, y: 300, width: 1600, height: 1600 });
  });

  it('one scale for all keeps products at sizes relative to each other', () => {
    const small = placeInSlot(slot, { width: 100, height: 200 }, { anchor: 'bottom', scale: 0.5 });
    const large = placeInSlot(slot, { width: 400, height: 800 }, { anchor: 'bottom', scale: 0.5 });
    expect(small).toEqual({ x: 275, y: 700, width: 50, height: 100 });
    expect(large).toEqual({ x: 200, y: 400, width: 200, height: 400 });
  });

  it('never draws an image larger than the largest side a request allows', () => {
    const rect = placeInSlot(slot, { width: 10, height: 10 }, { anchor: 'center' }, { x: 0, y: 0, width: 1, height: 1 });
    expect(rect.width).toBeLessThanOrEqual(8192);
  });
});
