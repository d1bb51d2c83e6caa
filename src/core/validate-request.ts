import { rectsOverlap } from './geometry.ts';
import {
  REQUEST_FIELDS,
  TEMPLATE_FIELDS,
  requestFieldSchemas,
  type BackgroundChangeRequest,
  type RequestField,
} from './request-schema.ts';
import { parseSize } from './size.ts';

/** Field name -> what is wrong with it, in plain words. `body` stands for the request as a whole. */
export type RequestErrors = Record<string, string>;

/** One message naming every field at fault, for clients that show a single line. */
export function summarise(errors: RequestErrors): string {
  return Object.values(errors).join('; ');
}

export type ValidationResult =
  | { ok: true; value: BackgroundChangeRequest }
  | { ok: false; errors: RequestErrors };

function describeRoot(input: unknown): string {
  if (input === null) return 'null';
  if (input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  return `a ${typeof input}`;
}

/** Records a message under `field` as an own property, even for names such as "__proto__" that a plain
 * assignment would turn into a prototype change (dropping the error). */
function setError(errors: RequestErrors, field: string, message: string): void {
  Object.defineProperty(errors, field, { value: message, enumerable: true, writable: true, configurable: true });
}

/**
 * Checks a Background Change request body as Akool's API page defines it and reports every problem at once,
 * one message per field. Valid bodies come back normalised (colour as lower-case "#rrggbb").
 */
export function validateRequest(input: unknown): ValidationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: { body: `the request body must be a JSON object, not ${describeRoot(input)}` } };
  }
  const raw = input as Record<string, unknown>;
  const errors: RequestErrors = {};
  const values: Partial<Record<RequestField, unknown>> = {};

  for (const key of Object.keys(raw)) {
    if (!(REQUEST_FIELDS as string[]).includes(key)) {
      setError(errors, key, `${key} is not a field of the Background Change request`);
    }
  }
  for (const field of REQUEST_FIELDS) {
    const result = requestFieldSchemas[field].safeParse(raw[field]);
    if (result.success) {
      if (result.data !== undefined) values[field] = result.data;
    } else {
      errors[field] = result.error.issues[0]?.message ?? `${field} is not valid`;
    }
  }

  if (raw.template_url === undefined) {
    for (const field of TEMPLATE_FIELDS) {
      if (raw[field] !== undefined) errors[field] = `${field} can only be used together with template_url`;
    }
  }

  const canvas = typeof values.canvas_size === 'string' ? parseSize(values.canvas_size) : null;
  if (canvas) {
    const canvasRect = { x: 0, y: 0, ...canvas };
    const foregroundSize =
      typeof values.modify_origin_img_size === 'string' ? parseSize(values.modify_origin_img_size) : null;
    if (foregroundSize && typeof values.overlay_origin_x === 'number' && typeof values.overlay_origin_y === 'number') {
      const rect = { x: values.overlay_origin_x, y: values.overlay_origin_y, ...foregroundSize };
      if (!rectsOverlap(rect, canvasRect)) {
        const message = `the foreground is outside the canvas: overlay_origin_x/overlay_origin_y (${rect.x}, ${rect.y}) with modify_origin_img_size ${values.modify_origin_img_size} leaves no pixel on the ${values.canvas_size} canvas`;
        errors.overlay_origin_x ??= message;
        errors.overlay_origin_y ??= message;
      }
    }
    const templateSize =
      typeof values.modify_template_size === 'string' ? parseSize(values.modify_template_size) : null;
    if (templateSize && values.template_url !== undefined) {
      const rect = {
        x: typeof values.overlay_template_x === 'number' ? values.overlay_template_x : 0,
        y: typeof values.overlay_template_y === 'number' ? values.overlay_template_y : 0,
        ...templateSize,
      };
      if (!rectsOverlap(rect, canvasRect)) {
        const message = `the template is outside the canvas: overlay_template_x/overlay_template_y (${rect.x}, ${rect.y}) with modify_template_size ${values.modify_template_size} leaves no pixel on the ${values.canvas_size} canvas`;
        errors.overlay_template_x ??= message;
        errors.overlay_template_y ??= message;
      }
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: values as BackgroundChangeRequest };
}
