import * as z from 'zod/mini';
import { normalizeHexColor } from './color.ts';
import type { Rect } from './geometry.ts';
import type { Size } from './size.ts';

/**
 * Shadows and reflections of a foreground, made from its alpha and baked into the foreground image itself
 * (Akool's body has no field for them). All lengths are in the source image's pixels. The subject is the box of
 * the image's solid pixels (alphaBox in bake-effects.ts): its bottom is the base the contact shadow sits under
 * and the reflection starts at, so transparent margin below a product does not float its shadow.
 */
export interface ShadowEffect {
  /** contact: soft and dark, flattened under the base; drop: the blurred silhouette, offset. */
  type: 'contact' | 'drop';
  opacity: number;
  /** How far the shadow's edge spreads, in pixels (three box blurs whose radii add up to it). */
  blur: number;
  /** Direction the shadow is cast in, degrees clockwise from pointing right: 90 = straight down. */
  angle: number;
  distance: number;
  /** "#rrggbb". */
  color: string;
}

export interface ReflectionEffect {
  opacity: number;
  /** How much of the subject is mirrored, as a fraction of its height (0..1). */
  height: number;
  /** Pixels between the base and the reflection's top. */
  gap: number;
}

/** A layer's effects: at most one shadow of each type, and a reflection. */
export interface LayerEffects {
  shadows: ShadowEffect[];
  reflection: ReflectionEffect | null;
}

export const NO_EFFECTS: LayerEffects = { shadows: [], reflection: null };

/** Longest blur, distance or gap accepted, in pixels. */
export const MAX_EFFECT_PIXELS = 4000;

export function hasEffects(effects: LayerEffects | undefined | null): effects is LayerEffects {
  return Boolean(effects && (effects.shadows.length > 0 || effects.reflection));
}

/**
 * Defaults that look right on a product photo of any size: lengths are fractions of the image's height
 * (a fixed pixel count is a smudge on a 4000 px photo and a cloud on a 300 px one).
 */
export function defaultShadow(type: ShadowEffect['type'], size: Size): ShadowEffect {
  const h = size.height;
  return type === 'contact'
    ? { type, opacity: 0.7, blur: Math.max(1, Math.round(h * 0.03)), angle: 90, distance: 0, color: '#000000' }
    : { type, opacity: 0.5, blur: Math.max(1, Math.round(h * 0.04)), angle: 45, distance: Math.round(h * 0.04), color: '#000000' };
}

export function defaultReflection(size: Size): ReflectionEffect {
  return { opacity: 0.3, height: 0.35, gap: Math.round(size.height * 0.005) };
}

const pixelsField = (field: string) =>
  z.optional(
    z.number({ error: `${field} must be a number of pixels` }).check(
      z.int({ error: `${field} must be a whole number of pixels` }),
      z.gte(0, { error: `${field} must be 0 or more` }),
      z.lte(MAX_EFFECT_PIXELS, { error: `${field} must be at most ${MAX_EFFECT_PIXELS}` }),
    ),
  );
const fractionField = (field: string) =>
  z.optional(
    z.number({ error: `${field} must be a number from 0 to 1` }).check(
      z.gte(0, { error: `${field} must be from 0 to 1` }),
      z.lte(1, { error: `${field} must be from 0 to 1` }),
    ),
  );

/** `shadow` of POST /api/foregrounds: every field optional (defaults from the image's size, defaultShadow). */
/** The message of an object's own problem: not an object, or fields it does not know. */
const objectError = (name: string, fields: string) => (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys'
    ? `${name} has no field ${(issue.keys ?? []).join(', ')}: its fields are ${fields}`
    : `${name} must be an object with the fields ${fields}`;

export const shadowInputSchema = z.strictObject({
  type: z.optional(z.enum(['contact', 'drop'], { error: 'shadow.type must be "contact" or "drop"' })),
  opacity: fractionField('shadow.opacity'),
  blur: pixelsField('shadow.blur'),
  angle: z.optional(
    z.number({ error: 'shadow.angle must be a number of degrees' }).check(
      z.gte(-360, { error: 'shadow.angle must be from -360 to 360 degrees' }),
      z.lte(360, { error: 'shadow.angle must be from -360 to 360 degrees' }),
    ),
  ),
  distance: pixelsField('shadow.distance'),
  color: z.optional(
    z.string({ error: 'shadow.color must be a hex colour like "#000000"' }).check(
      z.refine((text) => normalizeHexColor(text) !== null, { error: 'shadow.color must be a hex colour like "#000000"' }),
    ),
  ),
}, { error: objectError('shadow', 'type, opacity, blur, angle, distance, color') });

/** `reflection` of POST /api/foregrounds. */
export const reflectionInputSchema = z.strictObject({
  opacity: fractionField('reflection.opacity'),
  height: fractionField('reflection.height'),
  gap: pixelsField('reflection.gap'),
}, { error: objectError('reflection', 'opacity, height, gap') });

export type ShadowInput = z.output<typeof shadowInputSchema>;
export type ReflectionInput = z.output<typeof reflectionInputSchema>;

/** `shadow` may be one shadow or a list of them (a contact and a drop shadow at once). */
export const shadowsInputSchema = z.union(
  [shadowInputSchema, z.array(shadowInputSchema).check(z.maxLength(2, { error: 'shadow takes at most 2 shadows (a contact and a drop shadow)' }))],
  {
    // A union's own message hides its options' problems: the problem of the option the input is meant to be.
    error: (issue: { input?: unknown; errors?: Array<Array<{ message: string }>> }) => {
      const meant = issue.errors?.[Array.isArray(issue.input) ? 1 : 0]?.[0];
      return typeof issue.input === 'object' && issue.input !== null && meant
        ? meant.message
        : 'shadow must be an object with the fields type, opacity, blur, angle, distance, color (or a list of two)';
    },
  },
);

/** The effects a request asks for, each missing field filled from the defaults for an image of `size`. */
export function resolveEffects(input: { shadow?: ShadowInput | ShadowInput[]; reflection?: ReflectionInput }, size: Size): LayerEffects {
  const list = input.shadow === undefined ? [] : Array.isArray(input.shadow) ? input.shadow : [input.shadow];
  const shadows = list.map((shadow) => {
    const base = defaultShadow(shadow.type ?? 'contact', size);
    const defined = Object.fromEntries(Object.entries(shadow).filter(([, value]) => value !== undefined));
    return { ...base, ...defined, color: normalizeHexColor(shadow.color ?? base.color)! };
  });
  const reflection = input.reflection
    ? { ...defaultReflection(size), ...Object.fromEntries(Object.entries(input.reflection).filter(([, value]) => value !== undefined)) }
    : null;
  return { shadows, reflection };
}

/** The effects as POST /api/foregrounds takes them. */
export function effectsRequestFields(effects: LayerEffects): { shadow?: ShadowEffect | ShadowEffect[]; reflection?: ReflectionEffect } {
  return {
    ...(effects.shadows.length === 1 ? { shadow: effects.shadows[0] } : effects.shadows.length > 1 ? { shadow: effects.shadows } : {}),
    ...(effects.reflection ? { reflection: effects.reflection } : {}),
  };
}

/** Pixels the baked image reaches beyond the source image on each side. */
export interface EffectPadding {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A shadow's offset in whole pixels. */
export function shadowOffset(shadow: Pick<ShadowEffect, 'angle' | 'distance'>): { dx: number; dy: number } {
  const radians = (shadow.angle * Math.PI) / 180;
  // + 0 turns -0 into 0
  return { dx: Math.round(Math.cos(radians) * shadow.distance) + 0, dy: Math.round(Math.sin(radians) * shadow.distance) + 0 };
}

/** Half the height of the contact shadow's band before it is blurred: thin, as a base's footprint seen from the side. */
export function contactHalfHeight(size: Size): number {
  return Math.max(1, Math.round(size.height * 0.015));
}

/** Rows of the subject the reflection mirrors. */
export function reflectionRows(reflection: ReflectionEffect, subject: Size): number {
  return Math.round(reflection.height * subject.height);
}

/**
 * How far the effects of an image of `size` reach outside it: the baked image is this much larger. `subject`
 * is the box of its solid pixels (the whole image when not known: an upper bound of the padding).
 */
export function effectPadding(effects: LayerEffects, size: Size, subject: Rect = { x: 0, y: 0, ...size }): EffectPadding {
  const pad = { left: 0, top: 0, right: 0, bottom: 0 };
  const base = subject.y + subject.height;
  for (const shadow of effects.shadows) {
    const { dx, dy } = shadowOffset(shadow);
    // The shadow's shape before blurring: the silhouette, or the contact band around the base.
    const top = shadow.type === 'drop' ? 0 : base - contactHalfHeight(size);
    const bottom = shadow.type === 'drop' ? size.height : base + contactHalfHeight(size);
    pad.left = Math.max(pad.left, shadow.blur - dx);
    pad.right = Math.max(pad.right, dx + shadow.blur);
    pad.top = Math.max(pad.top, -(top + dy - shadow.blur));
    pad.bottom = Math.max(pad.bottom, bottom + dy + shadow.blur - size.height);
  }
  if (effects.reflection) {
    const rows = reflectionRows(effects.reflection, subject);
    if (rows > 0) pad.bottom = Math.max(pad.bottom, base + effects.reflection.gap + rows - size.height);
  }
  return pad;
}

/** The baked image's size: the source with its padding. */
export function bakedSize(size: Size, padding: EffectPadding): Size {
  return { width: size.width + padding.left + padding.right, height: size.height + padding.top + padding.bottom };
}

/**
 * Where the baked image goes on the canvas so that the subject stays where the layer puts the source image:
 * the same scale as the layer, in whole canvas pixels (Akool's body has no fractions). The size is rounded
 * first and the position worked out at that exact scale, so the subject lands within half a canvas pixel of
 * the layer's box; `subject` is where it lands exactly (the editor draws it there, so preview and result agree).
 */
export function bakedPlacement(layer: Rect, size: Size, padding: EffectPadding): { box: Rect; subject: Rect } {
  const baked = bakedSize(size, padding);
  const width = Math.max(1, Math.round((baked.width * layer.width) / size.width));
  const height = Math.max(1, Math.round((baked.height * layer.height) / size.height));
  const scaleX = width / baked.width;
  const scaleY = height / baked.height;
  const x = Math.round(layer.x - padding.left * scaleX);
  const y = Math.round(layer.y - padding.top * scaleY);
  return {
    box: { x, y, width, height },
    subject: { x: x + padding.left * scaleX, y: y + padding.top * scaleY, width: size.width * scaleX, height: size.height * scaleY },
  };
}

/**
 * The same effects for the image drawn `scale` times its size (the editor's downscaled preview): lengths scale,
 * fractions and angles stay.
 */
export function scaleEffects(effects: LayerEffects, scale: number): LayerEffects {
  return {
    shadows: effects.shadows.map((shadow) => ({ ...shadow, blur: Math.round(shadow.blur * scale), distance: shadow.distance * scale })),
    reflection: effects.reflection && { ...effects.reflection, gap: Math.round(effects.reflection.gap * scale) },
  };
}
