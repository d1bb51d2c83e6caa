import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  bakedPlacement,
  bakedSize,
  defaultReflection,
  defaultShadow,
  effectPadding,
  reflectionInputSchema,
  resolveEffects,
  shadowInputSchema,
  shadowOffset,
  shadowsInputSchema,
} from './layer-effects.ts';

const size = { width: 400, height: 1000 };

describe('effect parameters', () => {
  it('fills every missing field from defaults scaled to the image', () => {
    const effects = resolveEffects({ shadow: { type: 'drop', opacity: 0.5 }, reflection: { gap: 3 } }, size);
    expect(effects.shadows).toEqual([{ ...defaultShadow('drop', size), opacity: 0.5 }]);
    expect(effects.reflection).toEqual({ ...defaultReflection(size), gap: 3 });
    expect(defaultShadow('drop', { width: 10, height: 2000 }).blur).toBe(2 * defaultShadow('drop', { width: 10, height: 1000 }).blur);
  });

  it('takes an empty shadow as a contact shadow, and a list of two', () => {
    expect(resolveEffects({ shadow: {} }, size).shadows[0]!.type).toBe('contact');
    const both = resolveEffects({ shadow: [{ type: 'contact' }, { type: 'drop', color: '#ABC' }] }, size);
    expect(both.shadows.map((shadow) => shadow.type)).toEqual(['contact', 'drop']);
    expect(both.shadows[1]!.color).toBe('#aabbcc');
  });

  it('refuses bad fields naming them', () => {
    const problems = (schema: z.ZodMiniType, value: unknown) => {
      const parsed = z.safeParse(schema, value);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
    };
    expect(problems(shadowInputSchema, { opacity: 2 })).toEqual(['shadow.opacity must be from 0 to 1']);
    expect(problems(shadowInputSchema, { blur: 2.5 })).toEqual(['shadow.blur must be a whole number of pixels']);
    expect(problems(shadowInputSchema, { color: 'black' })).toEqual(['shadow.color must be a hex colour like "#000000"']);
    expect(problems(shadowInputSchema, { type: 'long' })).toEqual(['shadow.type must be "contact" or "drop"']);
    expect(problems(reflectionInputSchema, { height: -0.1 })).toEqual(['reflection.height must be from 0 to 1']);
    expect(problems(reflectionInputSchema, { fade: 1 })).toHaveLength(1);
    expect(problems(shadowsInputSchema, [{}, {}, {}])).not.toEqual([]);
  });
});

describe('effect geometry', () => {
  it('90 degrees is straight down', () => {
    expect(shadowOffset({ angle: 90, distance: 10 })).toEqual({ dx: 0, dy: 10 });
    expect(shadowOffset({ angle: 180, distance: 10 })).toEqual({ dx: -10, dy: 0 });
  });

  it('pads a drop shadow where it falls and spreads, and nowhere else', () => {
    const effects = { shadows: [{ ...defaultShadow('drop', size), angle: 0, distance: 30, blur: 10 }], reflection: null };
    expect(effectPadding(effects, size)).toEqual({ left: 0, top: 10, right: 40, bottom: 10 });
  });

  it('pads a contact shadow only below (and beside) the base, a reflection only below', () => {
    const contact = { ...defaultShadow('contact', size), blur: 20 };
    const half = 15; // 1.5 % of 1000
    expect(effectPadding({ shadows: [contact], reflection: null }, size)).toEqual({ left: 20, top: 0, right: 20, bottom: half + 20 });
    expect(effectPadding({ shadows: [], reflection: { opacity: 0.3, height: 0.25, gap: 4 } }, size)).toEqual({ left: 0, top: 0, right: 0, bottom: 254 });
    expect(effectPadding({ shadows: [], reflection: { opacity: 0.3, height: 0, gap: 4 } }, size)).toEqual({ left: 0, top: 0, right: 0, bottom: 0 });
  });

  it('places the baked image so the subject stays on the layer box', () => {
    const padding = { left: 40, top: 10, right: 20, bottom: 250 };
    expect(bakedSize(size, padding)).toEqual({ width: 460, height: 1260 });
    // Half scale: everything is whole, so the subject is exactly on the layer.
    const half = bakedPlacement({ x: 100, y: 50, width: 200, height: 500 }, size, padding);
    expect(half.box).toEqual({ x: 80, y: 45, width: 230, height: 630 });
    expect(half.subject).toEqual({ x: 100, y: 50, width: 200, height: 500 });
    // An odd scale: within half a canvas pixel, and `subject` says exactly where.
    const layer = { x: -33, y: 71, width: 333, height: 777 };
    const odd = bakedPlacement(layer, size, padding);
    expect(Math.abs(odd.subject.x - layer.x)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(odd.subject.y - layer.y)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(odd.subject.width - layer.width)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(odd.subject.height - layer.height)).toBeLessThanOrEqual(0.5);
    expect(odd.subject.x).toBeCloseTo(odd.box.x + (40 * odd.box.width) / 460, 9);
    expect(Number.isInteger(odd.box.x) && Number.isInteger(odd.box.width)).toBe(true);
  });
});
