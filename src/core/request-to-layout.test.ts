import { describe, expect, it } from 'vitest';
import { AKOOL_EXAMPLES } from './akool-examples.ts';
import type { CompositionDocument, Layer } from './document.ts';
import { toRequest } from './layout-to-request.ts';
import type { BackgroundChangeRequest } from './request-schema.ts';
import { fromRequest, type SourceSizes } from './request-to-layout.ts';
import { validateRequest } from './validate-request.ts';

/** Plausible natural sizes: a portrait cut-out and a large square background. */
const SIZES: SourceSizes = { origin: { width: 1531, height: 1912 }, template: { width: 4096, height: 4096 } };

describe('fromRequest', () => {
  it('lays out the template example', () => {
    expect(fromRequest(AKOOL_EXAMPLES.template, SIZES)).toStrictEqual({
      canvas: { width: 3840, height: 3840 },
      colorCode: null,
      template: {
        source: { url: AKOOL_EXAMPLES.template.template_url, width: 4096, height: 4096 },
        x: 5,
        y: 5,
        width: 3830,
        height: 3830,
      },
      foreground: {
        source: { url: AKOOL_EXAMPLES.template.origin_img, width: 1531, height: 1912 },
        x: 5,
        y: 849,
        width: 3830,
        height: 2145,
      },
    } satisfies CompositionDocument);
  });

  it('lays out the colour example without a template', () => {
    const document = fromRequest(AKOOL_EXAMPLES.color, { origin: { width: 765, height: 956 } });
    expect(document.colorCode).toBe('#c9aafb');
    expect(document.template).toBeNull();
    expect(document.foreground).toStrictEqual({
      source: { url: AKOOL_EXAMPLES.color.origin_img, width: 765, height: 956 },
      x: 388,
      y: 8,
      width: 3060,
      height: 3824,
    });
  });

  it('keeps negative offsets of the template-and-colour example', () => {
    const document = fromRequest(AKOOL_EXAMPLES.templateAndColor, SIZES);
    expect(document.colorCode).toBe('#aafbe3');
    expect(document.template).toMatchObject({ x: 2049, y: -6, width: 3828, height: 3828 });
    expect(document.foreground).toMatchObject({ x: -72, y: -84, width: 3062, height: 3828 });
  });

  it('gives no colour and no template for the example with neither', () => {
    const document = fromRequest(AKOOL_EXAMPLES.neither, SIZES);
    expect(document.colorCode).toBeNull();
    expect(document.template).toBeNull();
  });

  it('reads a non-square canvas', () => {
    const document = fromRequest({ ...AKOOL_EXAMPLES.neither, canvas_size: '1920x1080' }, SIZES);
    expect(document.canvas).toEqual({ width: 1920, height: 1080 });
  });

  it('normalises a colour that is not yet lower-case #rrggbb', () => {
    expect(fromRequest({ ...AKOOL_EXAMPLES.neither, color_code: '#ABC' }, SIZES).colorCode).toBe('#aabbcc');
  });

  it('draws a template without modify_template_size at its natural size, at (0, 0) without offsets', () => {
    const body: BackgroundChangeRequest = { ...AKOOL_EXAMPLES.neither, template_url: 'https://example.com/bg.jpg' };
    expect(fromRequest(body, { origin: SIZES.origin, template: { width: 1200, height: 900 } }).template).toStrictEqual({
      source: { url: 'https://example.com/bg.jpg', width: 1200, height: 900 },
      x: 0,
      y: 0,
      width: 1200,
      height: 900,
    });
  });

  it('uses a single given template offset and 0 for the other', () => {
    const body: BackgroundChangeRequest = { ...AKOOL_EXAMPLES.neither, template_url: 'https://example.com/bg.jpg', overlay_template_y: -40 };
    expect(fromRequest(body, SIZES).template).toMatchObject({ x: 0, y: -40 });
  });

  it('needs the natural size of the template when the body has one', () => {
    expect(() => fromRequest(AKOOL_EXAMPLES.template, { origin: SIZES.origin })).toThrow(/natural size of template_url/);
  });

  it('does not need a template size when the body has no template', () => {
    expect(() => fromRequest(AKOOL_EXAMPLES.color, { origin: SIZES.origin })).not.toThrow();
  });

  it('throws, naming the field, for a size that is not WIDTHxHEIGHT', () => {
    expect(() => fromRequest({ ...AKOOL_EXAMPLES.neither, canvas_size: '3840X3840' }, SIZES)).toThrow(
      'canvas_size must be WIDTHxHEIGHT (got "3840X3840")',
    );
    expect(() => fromRequest({ ...AKOOL_EXAMPLES.neither, modify_origin_img_size: '10x' }, SIZES)).toThrow(/modify_origin_img_size must be WIDTHxHEIGHT/);
    expect(() => fromRequest({ ...AKOOL_EXAMPLES.template, modify_template_size: '*' }, SIZES)).toThrow(/modify_template_size must be WIDTHxHEIGHT/);
  });

  it('does not share the sizes object it was given', () => {
    const sizes: SourceSizes = { origin: { width: 10, height: 20 }, template: { width: 30, height: 40 } };
    const document = fromRequest(AKOOL_EXAMPLES.template, sizes);
    sizes.origin.width = 99;
    sizes.template!.width = 99;
    expect(document.foreground?.source.width).toBe(10);
    expect(document.template?.source.width).toBe(30);
  });
});

describe('round trip', () => {
  const NATURAL: Record<keyof typeof AKOOL_EXAMPLES, SourceSizes> = {
    template: { origin: { width: 2000, height: 1120 }, template: { width: 1024, height: 1024 } },
    color: { origin: { width: 1530, height: 1912 } },
    templateAndColor: { origin: { width: 1531, height: 1914 }, template: { width: 5000, height: 5000 } },
    neither: { origin: { width: 3060, height: 3824 } },
  };

  it.each(Object.keys(AKOOL_EXAMPLES) as (keyof typeof AKOOL_EXAMPLES)[])(
    'toRequest(fromRequest(body)) gives the %s example back exactly',
    (name) => {
      const body = AKOOL_EXAMPLES[name];
      const again = toRequest(fromRequest(body, NATURAL[name]));
      expect(again).toStrictEqual({ ...body });
      expect(validateRequest(again)).toStrictEqual({ ok: true, value: { ...body } });
    },
  );

  it('gives the same body back whatever the natural sizes', () => {
    for (const origin of [{ width: 1, height: 1 }, { width: 8000, height: 20 }]) {
      const body = AKOOL_EXAMPLES.templateAndColor;
      expect(toRequest(fromRequest(body, { origin, template: origin }))).toStrictEqual({ ...body });
    }
  });

  it('fromRequest(toRequest(document)) gives the document back', () => {
    const document: CompositionDocument & { foreground: Layer } = {
      canvas: { width: 1920, height: 1080 },
      colorCode: '#112233',
      template: { source: { url: 'https://example.com/bg.jpg', width: 4000, height: 3000 }, x: -80, y: -6, width: 2080, height: 1560 },
      foreground: { source: { url: 'https://example.com/fg.png', width: 800, height: 1000 }, x: 700, y: 40, width: 800, height: 1000 },
    };
    const body = toRequest(document);
    expect(fromRequest(body, { origin: { width: 800, height: 1000 }, template: { width: 4000, height: 3000 } })).toStrictEqual(document);
  });
});
