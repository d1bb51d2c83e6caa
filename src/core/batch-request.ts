import * as z from 'zod/mini';
import type { BatchPlacement } from './batch-placement.ts';
import type { Rect } from './geometry.ts';
import { reflectionInputSchema, shadowsInputSchema, type ReflectionInput, type ShadowInput } from './layer-effects.ts';
import { backgroundChangeRequestSchema, describeValue, MAX_URL_LENGTH, type BackgroundChangeRequest } from './request-schema.ts';
import { validateRequest, type RequestErrors } from './validate-request.ts';
import { MAX_SIDE } from './size.ts';

/**
 * One product of a batch: its image and the name its result takes. `box` (where the image is drawn) and
 * `shadow`/`reflection` (as POST /api/foregrounds takes them) are the item's own adjustments, made in the editor.
 */
export interface BatchItemInput {
  image: string;
  name: string;
  box?: Rect;
  shadow?: ShadowInput | ShadowInput[];
  reflection?: ReflectionInput;
}

export interface BatchRequest {
  /** The Akool body of the layout; its foreground's box is the slot, its origin_img is never fetched. */
  layout: BackgroundChangeRequest;
  placement: BatchPlacement;
  removeBackground: boolean;
  /** Every item in order; the ones `itemErrors` names are refused, the others go ahead. */
  items: BatchItemInput[];
  /** Item index -> field -> reason, for items refused up front. */
  itemErrors: Record<number, RequestErrors>;
}

export type BatchValidation = { ok: true; value: BatchRequest } | { ok: false; errors: RequestErrors };

const MAX_NAME_LENGTH = 120;
/** The most canvas pixels per image pixel a placement may scale by. */
const MAX_PLACEMENT_SCALE = 100;
const HTTP_URL_TEXT = /^https?:\/\/[^\s\p{Cc}]+$/iu;

const pixels = (limit: number, min = -limit) => z.int().check(z.gte(min), z.lte(limit));

const boxSchema = z.strictObject({ x: pixels(MAX_SIDE), y: pixels(MAX_SIDE), width: pixels(MAX_SIDE, 1), height: pixels(MAX_SIDE, 1) });

/** The shape of a batch item, for the API's description; the field names checkItem accepts are its keys. */
const batchItemSchema = z.strictObject({
  image: z.string().check(z.maxLength(MAX_URL_LENGTH), z.regex(HTTP_URL_TEXT)),
  name: z.string().check(z.maxLength(MAX_NAME_LENGTH), z.regex(/\S/)),
  box: z.optional(boxSchema),
  shadow: z.optional(shadowsInputSchema),
  reflection: z.optional(reflectionInputSchema),
});

const batchAnchorSchema = z.enum(['bottom', 'center']);
const batchPlacementSchema = z.strictObject({ anchor: z.optional(batchAnchorSchema), scale: z.optional(z.number().check(z.gt(0), z.lte(MAX_PLACEMENT_SCALE))) });

/**
 * `POST /api/batches`'s body as a schema: what the API's description shows. validateBatchRequest does the
 * checking (each item on its own, with messages in this API's words) and takes its field names, anchors and
 * limits from here, so the two cannot drift apart; batch-request.test.ts checks that they agree.
 */
export function batchRequestSchema(maxItems: number) {
  return z.strictObject({
    layout: backgroundChangeRequestSchema,
    placement: z.optional(batchPlacementSchema),
    removeBackground: z.optional(z.boolean()),
    items: z.array(batchItemSchema).check(z.minLength(1), z.maxLength(maxItems)),
  });
}

const BATCH_FIELDS = Object.keys(batchRequestSchema(1).shape);
const ITEM_FIELDS = Object.keys(batchItemSchema.shape);
const BOX_FIELDS = Object.keys(boxSchema.shape);
const PLACEMENT_FIELDS = Object.keys(batchPlacementSchema.shape);
const ANCHORS: readonly string[] = batchAnchorSchema.options;
const list = (names: readonly string[]) => names.join(', ');

function checkBox(value: unknown, field: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${field} must be an object { x, y, width, height } in canvas pixels`;
  const box = value as Record<string, unknown>;
  const unknown = Object.keys(box).find((key) => !BOX_FIELDS.includes(key));
  if (unknown !== undefined) return `${field}.${unknown} is not a field of a box (${list(BOX_FIELDS)})`;
  for (const key of BOX_FIELDS) {
    const n = box[key];
    if (typeof n !== 'number' || !Number.isInteger(n)) return `${field}.${key} must be a whole number of pixels (got ${describeValue(n)})`;
    if ((key === 'width' || key === 'height') && (n < 1 || n > MAX_SIDE)) return `${field}.${key} must be from 1 to ${MAX_SIDE} (got ${n})`;
    if ((key === 'x' || key === 'y') && Math.abs(n) > MAX_SIDE) return `${field}.${key} must be between -${MAX_SIDE} and ${MAX_SIDE} (got ${n})`;
  }
  return null;
}

/** Checks one item; the errors are keyed `items[i].field`. */
function checkItem(value: unknown, index: number): { item: BatchItemInput; errors: RequestErrors } {
  const at = `items[${index}]`;
  const errors: RequestErrors = {};
  const raw = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (!raw) {
    errors[at] = `${at} must be an object { image, name }, not ${describeValue(value)}`;
    return { item: { image: '', name: '' }, errors };
  }
  for (const key of Object.keys(raw)) {
    if (!ITEM_FIELDS.includes(key)) errors[`${at}.${key}`] = `${at}.${key} is not a field of a batch item (${list(ITEM_FIELDS)})`;
  }
  const image = raw.image;
  let url: URL | null = null;
  try {
    url = typeof image === 'string' ? new URL(image) : null;
  } catch {
    url = null;
  }
  if (typeof image !== 'string') errors[`${at}.image`] = `${at}.image is required: the http(s) URL of the product's image`;
  else if (image.length > MAX_URL_LENGTH) errors[`${at}.image`] = `${at}.image is too long: at most ${MAX_URL_LENGTH} characters`;
  else if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !HTTP_URL_TEXT.test(image)) {
    errors[`${at}.image`] = `${at}.image must be an http:// or https:// URL of an image (got ${describeValue(image)})`;
  }
  const name = raw.name;
  if (typeof name !== 'string' || !name.trim()) errors[`${at}.name`] = `${at}.name is required: the product's name, which its file in the ZIP takes`;
  else if (name.length > MAX_NAME_LENGTH) errors[`${at}.name`] = `${at}.name is too long: at most ${MAX_NAME_LENGTH} characters`;
  if (raw.box !== undefined) {
    const problem = checkBox(raw.box, `${at}.box`);
    if (problem) errors[`${at}.box`] = problem;
  }
  const effects: Pick<BatchItemInput, 'shadow' | 'reflection'> = {};
  for (const [field, schema] of [['shadow', shadowsInputSchema], ['reflection', reflectionInputSchema]] as const) {
    if (raw[field] === undefined) continue;
    const parsed = schema.safeParse(raw[field]);
    // The schemas' messages name the effect's field ("shadow.opacity must be ..."): the item's index goes first.
    if (!parsed.success) errors[`${at}.${field}`] = `${at}.${parsed.error.issues[0]?.message ?? `${field} is not valid`}`;
    else Object.assign(effects, { [field]: parsed.data });
  }
  return {
    item: {
      image: typeof image === 'string' ? image : '',
      name: typeof name === 'string' ? name.trim() : '',
      ...(raw.box !== undefined && !errors[`${at}.box`] ? { box: raw.box as Rect } : {}),
      ...effects,
    },
    errors,
  };
}

/**
 * Checks `POST /api/batches`. The batch as a whole (layout, placement, the list) must be right or nothing is
 * made; each item is checked on its own, and a bad item is reported without blocking the good ones.
 */
export function validateBatchRequest(input: unknown, maxItems: number): BatchValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: { body: `the request body must be a JSON object { layout, placement, removeBackground, items }, not ${describeValue(input)}` } };
  }
  const raw = input as Record<string, unknown>;
  const errors: RequestErrors = {};
  for (const key of Object.keys(raw)) {
    if (!BATCH_FIELDS.includes(key)) errors[key] = `${key} is not a field of a batch (${list(BATCH_FIELDS)})`;
  }
  const layout = validateRequest(raw.layout);
  if (!layout.ok) {
    for (const [field, message] of Object.entries(layout.errors)) errors[`layout.${field}`] = `layout: ${message}`;
  }

  const placement: BatchPlacement = { anchor: 'bottom' };
  if (raw.placement !== undefined) {
    const p = raw.placement as Record<string, unknown>;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) errors.placement = 'placement must be an object { anchor: "bottom" | "center", scale? }';
    else {
      if (p.anchor !== undefined && !ANCHORS.includes(p.anchor as string)) {
        errors['placement.anchor'] = `placement.anchor must be "bottom" or "center" (got ${describeValue(p.anchor)})`;
      } else if (p.anchor) placement.anchor = p.anchor as BatchPlacement['anchor'];
      if (p.scale !== undefined) {
        if (typeof p.scale !== 'number' || !Number.isFinite(p.scale) || p.scale <= 0 || p.scale > MAX_PLACEMENT_SCALE) {
          errors['placement.scale'] = `placement.scale must be a number of canvas pixels per image pixel, above 0 and at most ${MAX_PLACEMENT_SCALE} (got ${describeValue(p.scale)})`;
        } else placement.scale = p.scale;
      }
      for (const key of Object.keys(p)) {
        if (!PLACEMENT_FIELDS.includes(key)) errors[`placement.${key}`] = `placement.${key} is not a field of placement (${list(PLACEMENT_FIELDS)})`;
      }
    }
  }
  if (raw.removeBackground !== undefined && typeof raw.removeBackground !== 'boolean') {
    errors.removeBackground = `removeBackground must be true or false (got ${describeValue(raw.removeBackground)})`;
  }
  if (!Array.isArray(raw.items)) {
    errors.items = raw.items === undefined ? 'items is required: a list of { image, name }' : `items must be a list of { image, name }, not ${describeValue(raw.items)}`;
  } else if (raw.items.length === 0) {
    errors.items = 'items is empty: a batch needs at least one product';
  } else if (raw.items.length > maxItems) {
    errors.items = `items has ${raw.items.length} products; a batch takes at most ${maxItems}`;
  }
  if (Object.keys(errors).length || !layout.ok) return { ok: false, errors };

  const items: BatchItemInput[] = [];
  const itemErrors: Record<number, RequestErrors> = {};
  (raw.items as unknown[]).forEach((value, index) => {
    const checked = checkItem(value, index);
    items.push(checked.item);
    if (Object.keys(checked.errors).length) itemErrors[index] = checked.errors;
  });
  if (Object.keys(itemErrors).length === items.length) {
    return { ok: false, errors: Object.assign({}, ...Object.values(itemErrors)) as RequestErrors };
  }
  return { ok: true, value: { layout: layout.value, placement, removeBackground: raw.removeBackground === true, items, itemErrors } };
}

/** The layout's foreground box: the slot every product is placed in. */
export function slotOfLayout(layout: BackgroundChangeRequest): Rect {
  const [width, height] = layout.modify_origin_img_size.split('x').map(Number) as [number, number];
  return { x: layout.overlay_origin_x, y: layout.overlay_origin_y, width, height };
}

/**
 * A file name for an item's result inside the ZIP: the product's name without its extension, characters a
 * file system refuses replaced, unique within the batch (a second "mug" becomes "mug (2)").
 */
export function batchFileNames(names: readonly string[], extension = 'png'): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const stem = name.replace(/\.[a-z0-9]{2,5}$/i, '').replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').trim().slice(0, 100) || 'item';
    let candidate = stem;
    for (let count = 2; used.has(candidate.toLowerCase()); count += 1) candidate = `${stem} (${count})`;
    used.add(candidate.toLowerCase());
    return `${candidate}.${extension}`;
  });
}
