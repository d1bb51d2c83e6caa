import { describe, expect, it } from 'vitest';
import {
  clampMagnifier,
  cutoutPointInPhoto,
  magnifiedPlacement,
  magnifierZoomLimits,
  nextMagnifierZoom,
  panMagnifier,
  zoomMagnifierAt,
} from './magnifier-view.ts';

const photo = { width: 4000, height: 3000 };
const pane = { width: 600, height: 400 };
const limits = { min: 0.25, max: 4 };

/** Where the photo's pixel (px, py) lands in a pane, through an image placed as magnifiedPlacement says. */
function landing(placement: { x: number; y: number; scaleX: number; scaleY: number }, imageX: number, imageY: number) {
  return { x: placement.x + imageX * placement.scaleX, y: placement.y + imageY * placement.scaleY };
}

describe('magnifiedPlacement', () => {
  it('puts the view centre of the photo at the pane centre', () => {
    const view = { centerX: 1000, centerY: 500, zoom: 2 };
    const placement = magnifiedPlacement(view, pane, { x: 0, y: 0, ...photo }, photo);
    expect(placement).toEqual({ x: 300 - 2000, y: 200 - 1000, scaleX: 2, scaleY: 2 });
    expect(landing(placement, 1000, 500)).toEqual({ x: 300, y: 200 });
  });

  it('puts each pixel of a cut-out over the same pixel of the photo in the other pane', () => {
    const crop = { x: 1234, y: 567, width: 800, height: 1200 };
    const view = { centerX: 1500.25, centerY: 1000.5, zoom: 4 };
    const photoPlacement = magnifiedPlacement(view, pane, { x: 0, y: 0, ...photo }, photo);
    const cutoutPlacement = magnifiedPlacement(view, pane, crop, { width: crop.width, height: crop.height });
    for (const [cx, cy] of [[0, 0], [266.25, 433.5], [799, 1199]] as const) {
      expect(landing(cutoutPlacement, cx, cy)).toEqual(landing(photoPlacement, crop.x + cx, crop.y + cy));
    }
  });

  it('scales a cut-out made at another resolution than its crop to cover the crop', () => {
    const crop = { x: 100, y: 100, width: 1000, height: 500 };
    const placement = magnifiedPlacement({ centerX: 600, centerY: 350, zoom: 1 }, pane, crop, { width: 500, height: 250 });
    expect(placement.scaleX).toBe(2);
    expect(landing(placement, 500, 250)).toEqual({ x: 300 + 500, y: 200 + 250 });
  });
});

describe('zooming and panning', () => {
  it('keeps the photo pixel under the pointer where it is', () => {
    const view = { centerX: 2000, centerY: 1500, zoom: 1 };
    const anchor = { x: 450, y: 100 };
    const zoomed = zoomMagnifierAt(view, 4, anchor, pane, photo, limits);
    const under = (v: typeof view) => ({ x: v.centerX + (anchor.x - 300) / v.zoom, y: v.centerY + (anchor.y - 200) / v.zoom });
    expect(zoomed.zoom).toBe(4);
    expect(under(zoomed)).toEqual(under(view));
  });

  it('stays within the limits', () => {
    expect(zoomMagnifierAt({ centerX: 10, centerY: 10, zoom: 2 }, 64, { x: 300, y: 200 }, pane, photo, limits).zoom).toBe(4);
    expect(zoomMagnifierAt({ centerX: 10, centerY: 10, zoom: 2 }, 0.01, { x: 300, y: 200 }, pane, photo, limits).zoom).toBe(0.25);
  });

  it('moves the photo with the hand: dragging right shows what is to the left', () => {
    const panned = panMagnifier({ centerX: 2000, centerY: 1500, zoom: 4 }, 40, -20, photo, limits);
    expect(panned).toEqual({ centerX: 1990, centerY: 1505, zoom: 4 });
  });

  it('keeps the centre on the photo', () => {
    expect(clampMagnifier({ centerX: -50, centerY: 9000, zoom: 1 }, photo, limits)).toEqual({ centerX: 0, centerY: 3000, zoom: 1 });
  });

  it('steps by powers of two through 1:1, and from a zoom between steps to the next one', () => {
    expect(nextMagnifierZoom(1, 1, limits)).toBe(2);
    expect(nextMagnifierZoom(2, 1, limits)).toBe(4);
    expect(nextMagnifierZoom(4, 1, limits)).toBe(4);
    expect(nextMagnifierZoom(1.3, 1, limits)).toBe(2);
    expect(nextMagnifierZoom(1.3, -1, limits)).toBe(1);
    expect(nextMagnifierZoom(0.3, -1, limits)).toBe(0.25);
    expect(nextMagnifierZoom(0.999999999999, 1, limits)).toBe(2);
  });
});

describe('magnifierZoomLimits', () => {
  it('zooms out until the subject fits, but never further than 1:1 when it already fits, and in to 4:1', () => {
    expect(magnifierZoomLimits({ width: 1200, height: 1600 }, pane)).toEqual({ min: 0.25, max: 4 });
    expect(magnifierZoomLimits({ width: 100, height: 100 }, pane)).toEqual({ min: 1, max: 4 });
  });
});

describe('cutoutPointInPhoto', () => {
  it('adds the crop offset, scaled when the cut-out is not at the photo resolution', () => {
    expect(cutoutPointInPhoto({ x: 10, y: 20.5 }, { width: 300, height: 400 }, { x: 50, y: 60, width: 300, height: 400 })).toEqual({ x: 60, y: 80.5 });
    expect(cutoutPointInPhoto({ x: 10, y: 20 }, { width: 300, height: 400 }, { x: 50, y: 60, width: 600, height: 800 })).toEqual({ x: 70, y: 100 });
  });
});
