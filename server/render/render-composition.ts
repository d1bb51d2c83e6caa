import sharp, { type OverlayOptions } from 'sharp';
import { intersectRect, parseSize, type BackgroundChangeRequest, type Size } from '../../src/core/index.ts';

/** Images above this many pixels are refused before their pixels are decoded (a decompression bomb guard). */
export const MAX_INPUT_PIXELS = 100_000_000;

export interface CompositionImages {
  foreground: Buffer;
  template: Buffer | null;
}

export interface RenderedImage {
  png: Buffer;
  width: number;
  height: number;
}

function sizeOf(text: string, field: string): Size {
  const size = parseSize(text);
  if (!size) throw new Error(`${field} is not a size: ${text}`);
  return size;
}

function rgbOf(hex: string): { r: number; g: number; b: number } {
  return {
    r: Number.parseInt(hex.slice(1, 3), 16),
    g: Number.parseInt(hex.slice(3, 5), 16),
    b: Number.parseInt(hex.slice(5, 7), 16),
  };
}

/**
 * One layer, resized to `size` and cut to the part that lands on the canvas. Cutting first matters: sharp
 * refuses an overlay larger than the base, and it keeps the pixels composited to what is visible.
 */
async function visibleLayer(image: Buffer, size: Size, x: number, y: number, canvas: Size): Promise<OverlayOptions | null> {
  const visible = intersectRect({ x, y, ...size }, { x: 0, y: 0, ...canvas });
  if (!visible) return null;
  const { data, info } = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS })
    .autoOrient() // the editor (a browser) shows images upright, so the render does too
    .resize(size.width, size.height, { fit: 'fill' })
    .extract({ left: visible.x - x, top: visible.y - y, width: visible.width, height: visible.height })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { input: data, raw: { width: info.width, height: info.height, channels: 4 }, left: visible.x, top: visible.y };
}

/**
 * Renders a validated Background Change request as Akool's examples define it, bottom to top: the colour
 * fill, the template at `modify_template_size` (its natural size when absent) and offset, then the foreground
 * at `modify_origin_img_size` and offset. What lies outside the canvas is clipped; with neither colour nor
 * template the background stays transparent. Returns a PNG.
 */
export async function renderComposition(request: BackgroundChangeRequest, images: CompositionImages): Promise<RenderedImage> {
  const canvas = sizeOf(request.canvas_size, 'canvas_size');
  const background = request.color_code ? { ...rgbOf(request.color_code), alpha: 1 } : { r: 0, g: 0, b: 0, alpha: 0 };
  const layers: OverlayOptions[] = [];

  if (images.template && request.template_url) {
    let size: Size;
    if (request.modify_template_size) {
      size = sizeOf(request.modify_template_size, 'modify_template_size');
    } else {
      const meta = await sharp(images.template, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
      size = { width: meta.autoOrient.width, height: meta.autoOrient.height };
    }
    const layer = await visibleLayer(images.template, size, request.overlay_template_x ?? 0, request.overlay_template_y ?? 0, canvas);
    if (layer) layers.push(layer);
  }
  const foregroundSize = sizeOf(request.modify_origin_img_size, 'modify_origin_img_size');
  const foreground = await visibleLayer(images.foreground, foregroundSize, request.overlay_origin_x, request.overlay_origin_y, canvas);
  if (foreground) layers.push(foreground);

  const png = await sharp({ create: { width: canvas.width, height: canvas.height, channels: 4, background } })
    .composite(layers)
    .png({ compressionLevel: 6 })
    .toBuffer();
  return { png, width: canvas.width, height: canvas.height };
}
