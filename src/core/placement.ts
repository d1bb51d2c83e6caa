import { coverSize, fitSize, type Rect } from './geometry.ts';
import type { Size } from './size.ts';

/** The ways a layer can be placed on the canvas with one action. */
export type PlacementAction =
  | 'centre-horizontally'
  | 'centre-vertically'
  | 'fit'
  | 'fill'
  | 'align-left'
  | 'align-right'
  | 'align-top'
  | 'align-bottom'
  | 'natural-size';

/** The rectangle a placement action gives a layer; whole pixels. `source` is the image's natural size. */
export function placeLayer(action: PlacementAction, rect: Rect, source: Size, canvas: Size): Rect {
  switch (action) {
    case 'centre-horizontally':
      return { ...rect, x: Math.round((canvas.width - rect.width) / 2) };
    case 'centre-vertically':
      return { ...rect, y: Math.round((canvas.height - rect.height) / 2) };
    case 'fit': {
      const size = fitSize(source, canvas);
      return { ...size, x: Math.round((canvas.width - size.width) / 2), y: Math.round((canvas.height - size.height) / 2) };
    }
    case 'fill': {
      const size = coverSize(source, canvas);
      return { ...size, x: Math.round((canvas.width - size.width) / 2), y: Math.round((canvas.height - size.height) / 2) };
    }
    case 'align-left':
      return { ...rect, x: 0 };
    case 'align-right':
      return { ...rect, x: canvas.width - rect.width };
    case 'align-top':
      return { ...rect, y: 0 };
    case 'align-bottom':
      return { ...rect, y: canvas.height - rect.height };
    case 'natural-size': {
      // Keep the centre where it is, so the layer grows or shrinks in place.
      const cx = rect.x + rect.width / 2;
      const cy = rect.y + rect.height / 2;
      return {
        x: Math.round(cx - source.width / 2),
        y: Math.round(cy - source.height / 2),
        width: source.width,
        height: source.height,
      };
    }
  }
}

/** Canvas sizes people ask for most: Akool's 3840 square first, then social and screen formats. */
export const CANVAS_PRESETS: ReadonlyArray<{ label: string; width: number; height: number }> = [
  { label: 'Square 4K', width: 3840, height: 3840 },
  { label: 'Square 2K', width: 2048, height: 2048 },
  { label: 'Instagram square', width: 1080, height: 1080 },
  { label: 'Instagram portrait', width: 1080, height: 1350 },
  { label: 'Story / Reel', width: 1080, height: 1920 },
  { label: 'Full HD', width: 1920, height: 1080 },
  { label: '4K UHD', width: 3840, height: 2160 },
];
