import { describe, expect, it } from 'vitest';
import { bakeEffects, type RgbaImage } from './bake-effects.ts';
import { BAKED_AT_SUBMIT, bakedPadding, solidRowsOf, withBakedForeground } from './baked-foreground.ts';
import { emptyDocument, type CompositionDocument } from './document.ts';
import { defaultReflection, defaultShadow, type LayerEffects } from './layer-effects.ts';
import { toRequest } from './layout-to-request.ts';

/** A 60x100 cut-out: a soft-topped subject (rows 20..79 solid) over a faint fringe (rows 80..89, alpha 40). */
function cutout(): RgbaImage {
  const [width, height] = [60, 100];
  const data = new Uint8Array(width * height * 4);
  for (let y = 15; y < 90; y += 1) {
    const alpha = y < 20 || y >= 80 ? 40 : 255;
    for (let x = 15; x < 45; x += 1) data.set([30, 90, 200, alpha], (y * width + x) * 4);
  }
  return { data, width, height };
}

const effects: LayerEffects = {
  shadows: [defaultShadow('contact', { width: 60, height: 100 }), { ...defaultShadow('drop', { width: 60, height: 100 }), angle: 60, distance: 9 }],
  reflection: { ...defaultReflection({ width: 60, height: 100 }), gap: 3 },
};

function documentWith(layerEffects?: LayerEffects): CompositionDocument {
  return {
    ...emptyDocument({ width: 1000, height: 800 }),
    foreground: { source: { url: 'https://cdn.example.test/bottle.png', width: 60, height: 100 }, x: 301, y: 117, width: 183, height: 305, ...(layerEffects ? { effects: layerEffects } : {}) },
  };
}

describe('solidRowsOf', () => {
  it('finds the first and last rows with a pixel of alpha >= 64, ignoring the fainter fringe', () => {
    const image = cutout();
    expect(solidRowsOf(image.data, image.width, image.height)).toEqual({ top: 20, bottom: 80 });
  });

  it('is null for a strip with no solid pixel', () => {
    const image = cutout();
    expect(solidRowsOf(image.data.subarray(0, 20 * 60 * 4), 60, 20)).toBeNull();
  });
});

describe('bakedPadding', () => {
  it('is the padding the bake itself makes, from the solid rows alone', () => {
    const image = cutout();
    const baked = bakeEffects(image, effects, { subject: true });
    expect(bakedPadding(effects, image, solidRowsOf(image.data, image.width, image.height))).toEqual(baked.padding);
    // From the whole image's rows (the fringe counted), the base would be 10 rows lower: not the same.
    expect(bakedPadding(effects, image, { top: 15, bottom: 90 })).not.toEqual(baked.padding);
  });
});

describe('withBakedForeground', () => {
  it('gives the body Submit sends: the baked size, and the offset that keeps the subject on the layer', () => {
    const padding = { left: 4, top: 0, right: 14, bottom: 40 };
    const body = toRequest(withBakedForeground(documentWith(effects), { url: BAKED_AT_SUBMIT, padding }));
    // The baked image is 78x140 source pixels at the layer's 3.05x: 238x427, 12 and 0 canvas pixels left and up.
    expect(body).toMatchObject({ origin_img: BAKED_AT_SUBMIT, modify_origin_img_size: '238x427', overlay_origin_x: 289, overlay_origin_y: 117 });
  });

  it('leaves a foreground without effects as it is', () => {
    const document = documentWith();
    expect(withBakedForeground(document, { url: BAKED_AT_SUBMIT, padding: { left: 4, top: 0, right: 14, bottom: 40 } })).toBe(document);
  });
});
