import type { ImagePoint } from './edge-focus.ts';
import type { Rect } from './geometry.ts';
import type { Size } from './size.ts';

/**
 * What a magnifier over a photo shows: the photo's pixel at the centre of its pane, and the magnification in
 * CSS pixels per photo pixel. Several panes that share one view show the same part of the photo, each at the
 * same place: the before/after look at a cut-out's edge.
 */
export interface MagnifierView {
  centerX: number;
  centerY: number;
  zoom: number;
}

export interface ZoomLimits {
  min: number;
  max: number;
}

/** Four screen pixels a photo pixel: enough to see single pixels of a halo. */
export const MAGNIFIER_MAX_ZOOM = 4;
/** Where the look at the edge starts: close enough to see the edge, with some of the subject around it. */
export const MAGNIFIER_START_ZOOM = 2;

/** From the magnification at which `region` (the subject) fits the pane, or 1:1 when that is smaller, to 4:1. */
export function magnifierZoomLimits(region: Size, pane: Size): ZoomLimits {
  const fit = Math.min(pane.width / region.width, pane.height / region.height);
  return { min: Math.min(1, fit), max: MAGNIFIER_MAX_ZOOM };
}

/** The view with its zoom inside the limits and its centre on the photo (the photo never leaves the pane entirely). */
export function clampMagnifier(view: MagnifierView, photo: Size, limits: ZoomLimits): MagnifierView {
  return {
    centerX: Math.min(photo.width, Math.max(0, view.centerX)),
    centerY: Math.min(photo.height, Math.max(0, view.centerY)),
    zoom: Math.min(limits.max, Math.max(limits.min, view.zoom)),
  };
}

/** Zooms to `zoom` keeping the photo pixel under `anchor` (pane CSS px from its top-left corner) where it is. */
export function zoomMagnifierAt(view: MagnifierView, zoom: number, anchor: ImagePoint, pane: Size, photo: Size, limits: ZoomLimits): MagnifierView {
  const next = Math.min(limits.max, Math.max(limits.min, zoom));
  const offsetX = anchor.x - pane.width / 2;
  const offsetY = anchor.y - pane.height / 2;
  const underX = view.centerX + offsetX / view.zoom;
  const underY = view.centerY + offsetY / view.zoom;
  return clampMagnifier({ centerX: underX - offsetX / next, centerY: underY - offsetY / next, zoom: next }, photo, limits);
}

/** Moves the photo with a drag of (dx, dy) CSS px, as a hand moves paper. */
export function panMagnifier(view: MagnifierView, dx: number, dy: number, photo: Size, limits: ZoomLimits): MagnifierView {
  return clampMagnifier({ ...view, centerX: view.centerX - dx / view.zoom, centerY: view.centerY - dy / view.zoom }, photo, limits);
}

/**
 * The next magnification of the + and − buttons: the next power of two (…, 50 %, 1:1, 2:1, 4:1), so that 1:1
 * is always one of the steps; the limits themselves are steps too.
 */
export function nextMagnifierZoom(zoom: number, direction: 1 | -1, limits: ZoomLimits): number {
  const exponent = Math.log2(zoom);
  // A zoom a hair off a power of two (after a wheel) counts as that power.
  const step = direction > 0 ? Math.floor(exponent + 1e-9) + 1 : Math.ceil(exponent - 1e-9) - 1;
  return Math.min(limits.max, Math.max(limits.min, 2 ** step));
}

/** Where an image goes in a pane: translate(x, y) then scale(scaleX, scaleY), from its top-left corner. */
export interface MagnifiedPlacement {
  x: number;
  y: number;
  scaleX: number;
  scaleY: number;
}

/**
 * How to draw an image of `natural` pixels that shows the part `covers` of the photo (the photo itself covers
 * all of it; a cut-out covers its crop), so that every photo pixel lands on the same pane pixel in every pane.
 */
export function magnifiedPlacement(view: MagnifierView, pane: Size, covers: Rect, natural: Size): MagnifiedPlacement {
  return {
    x: pane.width / 2 + (covers.x - view.centerX) * view.zoom,
    y: pane.height / 2 + (covers.y - view.centerY) * view.zoom,
    scaleX: (view.zoom * covers.width) / natural.width,
    scaleY: (view.zoom * covers.height) / natural.height,
  };
}

/** A point of a cut-out (its pixel coordinates) as a point of the photo it was cut from. */
export function cutoutPointInPhoto(point: ImagePoint, cutout: Size, crop: Rect): ImagePoint {
  return { x: crop.x + (point.x * crop.width) / cutout.width, y: crop.y + (point.y * crop.height) / cutout.height };
}
