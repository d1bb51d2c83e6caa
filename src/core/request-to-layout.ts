import { normalizeHexColor } from './color.ts';
import type { CompositionDocument, Layer } from './document.ts';
import type { BackgroundChangeRequest } from './request-schema.ts';
import { parseSize, type Size } from './size.ts';

/** Natural sizes of the images a body names; the body itself only says how large they are drawn. */
export interface SourceSizes {
  origin: Size;
  template?: Size;
}

function requireSize(text: string, field: string): Size {
  const size = parseSize(text);
  if (!size) throw new Error(`${field} must be WIDTHxHEIGHT (got ${JSON.stringify(text)})`);
  return size;
}

/**
 * The layout a valid body describes. A template without `modify_template_size` is drawn at its natural size,
 * and missing template offsets are 0, which is also how the local renderer reads such a body.
 */
export function fromRequest(body: BackgroundChangeRequest, sourceSizes: SourceSizes): CompositionDocument {
  const canvas = requireSize(body.canvas_size, 'canvas_size');
  const foregroundSize = requireSize(body.modify_origin_img_size, 'modify_origin_img_size');
  const foreground: Layer = {
    source: { url: body.origin_img, ...sourceSizes.origin },
    x: body.overlay_origin_x,
    y: body.overlay_origin_y,
    ...foregroundSize,
  };
  let template: Layer | null = null;
  if (body.template_url !== undefined) {
    const natural = sourceSizes.template;
    if (!natural) throw new Error('the natural size of template_url is needed to lay out the template');
    const drawn = body.modify_template_size ? requireSize(body.modify_template_size, 'modify_template_size') : natural;
    template = {
      source: { url: body.template_url, ...natural },
      x: body.overlay_template_x ?? 0,
      y: body.overlay_template_y ?? 0,
      width: drawn.width,
      height: drawn.height,
    };
  }
  const colorCode = body.color_code === undefined ? null : normalizeHexColor(body.color_code);
  return { canvas, colorCode, template, foreground };
}
