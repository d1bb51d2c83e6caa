import { describe, expect, it } from 'vitest';
import { shiftRevealsUndrawn } from './drag-shift.ts';

const view = { x: 0, y: 0, width: 1000, height: 800 };

describe('shiftRevealsUndrawn', () => {
  it('lets a layer drawn whole inside the view slide anywhere', () => {
    const drawn = { x: 100, y: 100, width: 300, height: 400 };
    expect(shiftRevealsUndrawn(drawn, view, { x: 250, y: -80 })).toBe(false);
    // Sliding out of the view hides part of it; nothing undrawn shows.
    expect(shiftRevealsUndrawn(drawn, view, { x: 800, y: 500 })).toBe(false);
  });

  it('needs a redraw when a part that was outside the view slides in', () => {
    const cutOnTheLeft = { x: -200, y: 100, width: 400, height: 300 };
    expect(shiftRevealsUndrawn(cutOnTheLeft, view, { x: 1, y: 0 })).toBe(true);
    expect(shiftRevealsUndrawn(cutOnTheLeft, view, { x: -50, y: 30 })).toBe(false);
    const cutAtTheBottom = { x: 100, y: 600, width: 300, height: 400 };
    expect(shiftRevealsUndrawn(cutAtTheBottom, view, { x: 0, y: -10 })).toBe(true);
    expect(shiftRevealsUndrawn(cutAtTheBottom, view, { x: 20, y: 10 })).toBe(false);
  });

  it('needs a redraw when a layer larger than the view moves any way', () => {
    const larger = { x: -100, y: -100, width: 1200, height: 1000 };
    expect(shiftRevealsUndrawn(larger, view, { x: 5, y: 0 })).toBe(true);
    expect(shiftRevealsUndrawn(larger, view, { x: 0, y: -5 })).toBe(true);
  });

  it('needs a redraw when a layer drawn wholly outside the view slides into it', () => {
    const outside = { x: 1100, y: 100, width: 200, height: 200 };
    expect(shiftRevealsUndrawn(outside, view, { x: -50, y: 0 })).toBe(false);
    expect(shiftRevealsUndrawn(outside, view, { x: -150, y: 0 })).toBe(true);
  });
});
