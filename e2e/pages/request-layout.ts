import type { EditorPage } from './editor-page.ts';
import { sizeOf } from './editor-test.ts';

/** Where the foreground is in the request: its offsets and size. */
export async function foregroundRect(editor: EditorPage) {
  const body = await editor.requestBody();
  const size = sizeOf(body.modify_origin_img_size);
  return { x: body.overlay_origin_x!, y: body.overlay_origin_y!, ...size };
}

/** The template's rectangle in the request, and the canvas it is on. */
export async function templateRect(editor: EditorPage) {
  const body = await editor.requestBody();
  const size = sizeOf(body.modify_template_size);
  return { x: body.overlay_template_x!, y: body.overlay_template_y!, ...size, canvas: sizeOf(body.canvas_size) };
}

/** A poll of the foreground's offsets in the request (null while there is no request). */
export const foregroundAt = (editor: EditorPage) => async () => {
  const body = await editor.request();
  return body && { x: body.overlay_origin_x, y: body.overlay_origin_y };
};
