// zod/mini with a namespace import tree-shakes to a few KB; classic zod adds ~90 KB gzip to the app.
import * as z from 'zod/mini';
import { normalizeHexColor } from './color.ts';
import { MAX_SIDE, parseSize } from './size.ts';

/** Longest URL accepted in a request; Akool publishes no limit, browsers and proxies commonly stop near 8 KB. */
export const MAX_URL_LENGTH = 4096;

/** Shows a bad value in a message without letting a huge or odd value flood it. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'true/false';
  return `an ${typeof value}`;
}

const missingOr = (field: string, required: string, wrongType: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `${field} is required: ${required}` : `${field} ${wrongType}, not ${typeName(issue.input)}`;

/** What a field is, for the API's OpenAPI description (JSON Schema words); the checks themselves are in zod. */
function described<T extends z.ZodMiniType>(schema: T, meta: z.core.GlobalMeta): T {
  z.globalRegistry.add(schema, meta);
  return schema;
}

function sizeField(field: string, meaning: string) {
  const schema = z.string({ error: missingOr(field, meaning, 'must be a text like "3840x3840"') }).check(z.superRefine((text: string, ctx) => {
    const size = parseSize(text);
    if (!size) {
      ctx.addIssue({
        code: 'custom',
        message: `${field} must be WIDTHxHEIGHT in whole pixels greater than 0, like "3840x3840" (got ${describeValue(text)})`,
      });
    } else if (size.width > MAX_SIDE || size.height > MAX_SIDE) {
      ctx.addIssue({ code: 'custom', message: `${field} must be at most ${MAX_SIDE} pixels on each side (got ${text})` });
    }
  }));
  return described(schema, { description: `${meaning}: WIDTHxHEIGHT, each side 1 to ${MAX_SIDE} pixels`, pattern: '^[0-9]+x[0-9]+$' });
}

function offsetField(field: string, meaning: string) {
  const schema = z.unknown().check(z.superRefine((value: unknown, ctx) => {
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `${field} is required: ${meaning}` });
    } else if (typeof value !== 'number') {
      ctx.addIssue({ code: 'custom', message: `${field} must be a whole number of pixels, not ${typeName(value)}` });
    } else if (!Number.isInteger(value)) {
      // also NaN and ±Infinity, which are numbers to typeof: shown as they are, not as "a number"
      ctx.addIssue({ code: 'custom', message: `${field} must be a whole number of pixels (got ${value})` });
    } else if (Math.abs(value) > MAX_SIDE) {
      ctx.addIssue({ code: 'custom', message: `${field} must be between -${MAX_SIDE} and ${MAX_SIDE} (got ${value})` });
    }
  })) as unknown as z.ZodMiniType<number>;
  return described(schema, { description: `${meaning}, in canvas pixels`, type: 'integer', minimum: -MAX_SIDE, maximum: MAX_SIDE });
}

/** An absolute http(s) URL as written: the scheme and "//" first, no spaces or control characters anywhere.
 * The URL parser itself forgives leading/trailing spaces, tabs and newlines inside, and "https:host"; the text
 * is passed on as it is, so such text would be accepted here yet mean something else (or fail) elsewhere. */
const HTTP_URL_TEXT = /^https?:\/\/[^\s\p{Cc}]+$/iu;

function urlField(field: string, meaning: string, what: string) {
  const schema = z.string({ error: missingOr(field, meaning, 'must be an http(s) URL') }).check(z.superRefine((text: string, ctx) => {
    let url: URL | null = null;
    try {
      url = new URL(text);
    } catch {
      url = null;
    }
    if (text.length > MAX_URL_LENGTH) {
      ctx.addIssue({ code: 'custom', message: `${field} is too long: at most ${MAX_URL_LENGTH} characters` });
    } else if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || !HTTP_URL_TEXT.test(text)) {
      ctx.addIssue({
        code: 'custom',
        message: `${field} must be an http:// or https:// URL of ${what} (got ${describeValue(text)})`,
      });
    }
  }));
  return described(schema, { description: `${meaning}: an http(s) URL`, format: 'uri', maxLength: MAX_URL_LENGTH });
}

const colorField = z.pipe(
  z.string({ error: missingOr('color_code', 'a background colour like "#aafbe3"', 'must be a hex colour like "#aafbe3"') }).check(
    z.superRefine((text: string, ctx) => {
      if (normalizeHexColor(text) === null) {
        ctx.addIssue({
          code: 'custom',
          message: `color_code must be a hex colour like "#aafbe3" or "#abc" (got ${describeValue(text)})`,
        });
      }
    }),
  ),
  z.transform((text: string) => normalizeHexColor(text)!),
).register(z.globalRegistry, { description: 'the background colour: "#rgb" or "#rrggbb" (answered as lower-case "#rrggbb")', type: 'string' });

/** Each field of Akool's Background Change request, with the rule it must follow on its own. */
export const requestFieldSchemas = {
  canvas_size: sizeField('canvas_size', 'the size of the output image, like "3840x3840"'),
  color_code: z.optional(colorField),
  template_url: z.optional(urlField('template_url', 'the address of the background image', 'an image')),
  modify_template_size: z.optional(sizeField('modify_template_size', 'the size the background image is drawn at')),
  overlay_template_x: z.optional(offsetField('overlay_template_x', 'the left edge of the background image on the canvas')),
  overlay_template_y: z.optional(offsetField('overlay_template_y', 'the top edge of the background image on the canvas')),
  origin_img: urlField('origin_img', 'the address of the foreground image', 'an image'),
  modify_origin_img_size: sizeField('modify_origin_img_size', 'the size the foreground is drawn at, like "3031x2894"'),
  overlay_origin_x: offsetField('overlay_origin_x', 'the left edge of the foreground on the canvas'),
  overlay_origin_y: offsetField('overlay_origin_y', 'the top edge of the foreground on the canvas'),
  webhookUrl: z.optional(urlField('webhookUrl', 'the address Akool calls back', 'a callback endpoint')),
  // A later version of Akool's page: remove the background of origin_img before composing (default false).
  removeBg: z.optional(described(z.boolean({ error: (issue: { input?: unknown }) => `removeBg must be true or false, not ${typeName(issue.input)}` }), { description: 'remove the background of origin_img before composing (default false)' })),
} as const;

export type RequestField = keyof typeof requestFieldSchemas;

export const REQUEST_FIELDS = Object.keys(requestFieldSchemas) as RequestField[];

/** The fields that only mean something together with `template_url`. */
export const TEMPLATE_FIELDS = ['modify_template_size', 'overlay_template_x', 'overlay_template_y'] as const;

/** The shape of a valid request body; `validateRequest` adds the rules between fields and the messages. */
export const backgroundChangeRequestSchema = z.strictObject(requestFieldSchemas);

export type BackgroundChangeRequest = z.output<typeof backgroundChangeRequestSchema>;
