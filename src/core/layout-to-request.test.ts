import { describe, expect, it } from 'vitest';
import { emptyDocument, type CompositionDocument, type Layer } from './document.ts';
import { toRequest } from './layout-to-request.ts';
import { validateRequest } from './validate-request.ts';

const foreground: Layer = {
  source: { url: 'https://example.com/person.png', width: 1531, height: 1912 },
  x: 388,
  y: 8,
  width: 3060,
  height: 3824,
};
const template: Layer = {
  source: { url: 'https://example.com/beach.jpg', width: 4000, height: 4000 },
  x: 2049,
  y: -6,
  width: 3828,
  height: 3828,
};

function documentWith(parts: Partial<CompositionDocument>): CompositionDocument {
  return { ...emptyDocument(), ...parts };
}

describe('toRequest', () => {
  it('writes every field from the layout: canvas, colour, template, foreground', () => {
    const body = toRequest(documentWith({ colorCode: '#aafbe3', template, foreground }));
    expect(body).toStrictEqual({
      canvas_size: '3840x3840',
      color_code: '#aafbe3',
      template_url: 'https://example.com/beach.jpg',
      modify_template_size: '3828x3828',
      overlay_template_x: 2049,
      overlay_template_y: -6,
      origin_img: 'https://example.com/person.png',
      modify_origin_img_size: '3060x3824',
      overlay_origin_x: 388,
      overlay_origin_y: 8,
    });
  });

  it('keeps the keys in the order of the layers', () => {
    const body = toRequest(documentWith({ colorCode: '#aafbe3', template, foreground }));
    expect(Object.keys(body)).toEqual([
      'canvas_size',
      'color_code',
      'template_url',
      'modify_template_size',
      'overlay_template_x',
      'overlay_template_y',
      'origin_img',
      'modify_origin_img_size',
      'overlay_origin_x',
      'overlay_origin_y',
    ]);
  });

  it('uses the drawn size, not the natural size of the source', () => {
    const body = toRequest(documentWith({ foreground: { ...foreground, width: 100, height: 125 } }));
    expect(body.modify_origin_img_size).toBe('100x125');
  });

  it('writes a non-square canvas as WIDTHxHEIGHT', () => {
    expect(toRequest(emptyDocument({ width: 1920, height: 1080 })).canvas_size).toBe('1920x1080');
  });

  it('omits color_code when the colour is null', () => {
    const body = toRequest(documentWith({ colorCode: null, foreground }));
    expect(body).not.toHaveProperty('color_code');
    expect('color_code' in body).toBe(false);
  });

  it('omits every template field when there is no template', () => {
    const body = toRequest(documentWith({ foreground }));
    for (const field of ['template_url', 'modify_template_size', 'overlay_template_x', 'overlay_template_y']) {
      expect(field in body).toBe(false);
    }
  });

  it('lacks the origin fields when there is no foreground', () => {
    const body = toRequest(documentWith({ colorCode: '#c9aafb', template }));
    for (const field of ['origin_img', 'modify_origin_img_size', 'overlay_origin_x', 'overlay_origin_y']) {
      expect(field in body).toBe(false);
    }
    expect(body).toStrictEqual({
      canvas_size: '3840x3840',
      color_code: '#c9aafb',
      template_url: 'https://example.com/beach.jpg',
      modify_template_size: '3828x3828',
      overlay_template_x: 2049,
      overlay_template_y: -6,
    });
  });

  it('gives only canvas_size for an empty document, which validation then refuses', () => {
    const body = toRequest(emptyDocument());
    expect(body).toStrictEqual({ canvas_size: '3840x3840' });
    const result = validateRequest(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.origin_img).toMatch(/^origin_img is required/);
  });

  it('gives a body that validates when the layout is complete', () => {
    expect(validateRequest(toRequest(documentWith({ colorCode: '#aafbe3', template, foreground }))).ok).toBe(true);
  });

  it('keeps 0 offsets as 0 rather than dropping them', () => {
    const body = toRequest(documentWith({ foreground: { ...foreground, x: 0, y: 0 } }));
    expect(body.overlay_origin_x).toBe(0);
    expect(body.overlay_origin_y).toBe(0);
  });
});
