import type { CompositionDocument, Layer } from './document.ts';
import type { BackgroundChangeRequest } from './request-schema.ts';
import { formatSize } from './size.ts';

/** A body as the layout gives it, before validation; without a foreground it lacks the foreground fields. */
export type RequestDraft = Partial<BackgroundChangeRequest> & Pick<BackgroundChangeRequest, 'canvas_size'>;

/**
 * The Akool Background Change body a layout means: every field comes from the document, none is typed by
 * hand. Keys follow the API page's order of layers (canvas, colour, template, foreground).
 */
export function toRequest(document: CompositionDocument & { foreground: Layer }): BackgroundChangeRequest;
export function toRequest(document: CompositionDocument): RequestDraft;
export function toRequest(document: CompositionDocument): RequestDraft {
  const body: RequestDraft = { canvas_size: formatSize(document.canvas.width, document.canvas.height) };
  if (document.colorCode !== null) body.color_code = document.colorCode;
  const { template, foreground } = document;
  if (template) {
    body.template_url = template.source.url;
    body.modify_template_size = formatSize(template.width, template.height);
    body.overlay_template_x = template.x;
    body.overlay_template_y = template.y;
  }
  if (foreground) {
    body.origin_img = foreground.source.url;
    body.modify_origin_img_size = formatSize(foreground.width, foreground.height);
    body.overlay_origin_x = foreground.x;
    body.overlay_origin_y = foreground.y;
  }
  return body;
}
