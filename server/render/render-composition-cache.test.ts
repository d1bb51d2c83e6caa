import { describe, expect, it } from 'vitest';

describe('renderComposition with a cache', () => {
  it('a repeated job reads its decoded sources (and any layer placed ahead) from the cache and renders the same PNG', async () => {
    const { default: sharp } = await import('sharp');
    const { createPixelCache, renderComposition } = await import('./render-composition.ts');
    const foreground = await sharp({ create: { width: 30, height: 40, channels: 4, background: { r: 250, g: 20, b: 20, alpha: 0.6 } } }).png().toBuffer();
    const template = await sharp({ create: { width: 50, height: 50, channels: 3, background: { r: 20, g: 20, b: 250 } } }).jpeg().toBuffer();
    const request = {
      canvas_size: '120x100',
      color_code: '#00ff00',
      template_url: 'https://example.com/t.jpg',
      modify_template_size: '90x90',
      overlay_template_x: 40,
      overlay_template_y: -10,
      origin_img: 'https://example.com/f.png',
      modify_origin_img_size: '45x60',
      overlay_origin_x: -5,
      overlay_origin_y: 50,
    };
    const cache = createPixelCache(10_000_000);
    const first = await renderComposition(request, { foreground, template }, { cache });
    const held = cache.bytes;
    // The two sources, and the visible part of a layer resampled while the other source still decoded, if one
    // was (pooled buffers may be larger than their pixels, up to 1.5x).
    const sources = 50 * 50 * 3 + 30 * 40 * 4;
    const layers = 80 * 80 * 4 + 40 * 50 * 4;
    expect(held).toBeGreaterThanOrEqual(sources);
    expect(held).toBeLessThanOrEqual((sources + layers) * 1.5);
    const second = await renderComposition({ ...request, color_code: '#ff00ff' }, { foreground, template }, { cache });
    expect(cache.bytes).toBe(held); // nothing new: the colour is not part of any cached entry
    const third = await renderComposition(request, { foreground, template }, { cache });
    expect(third.png.equals(first.png)).toBe(true);
    expect(second.png.equals(first.png)).toBe(false);
  });

  it('the layer whose source decodes first is resampled ahead and kept; the one decoded last is resampled in the strips', async () => {
    const { default: sharp } = await import('sharp');
    const { createPixelCache, renderComposition } = await import('./render-composition.ts');
    // A large noisy PNG foreground decodes long after a tiny JPEG template.
    const noise = { type: 'gaussian', mean: 128, sigma: 60 } as const;
    const foreground = await sharp({ create: { width: 1600, height: 1600, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 }, noise } }).png({ compressionLevel: 0 }).toBuffer();
    const template = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 20, g: 20, b: 250 } } }).jpeg().toBuffer();
    const request = {
      canvas_size: '200x200',
      color_code: '#00ff00',
      template_url: 'https://example.com/t.jpg',
      modify_template_size: '200x200',
      overlay_template_x: 0,
      overlay_template_y: 0,
      origin_img: 'https://example.com/f.png',
      modify_origin_img_size: '150x150',
      overlay_origin_x: 25,
      overlay_origin_y: 25,
    };
    const cache = createPixelCache(100_000_000);
    const first = await renderComposition(request, { foreground, template }, { cache });
    const layers = cache.keys().filter((key) => key.startsWith('layer:'));
    expect(cache.keys().filter((key) => key.startsWith('src:'))).toHaveLength(2);
    expect(layers).toHaveLength(1);
    expect(layers[0]).toContain(':200x200:'); // the template's
    // Rendered again with both sources decoded, then with no cache: the same picture every way.
    const again = await renderComposition(request, { foreground, template }, { cache });
    const cold = await renderComposition(request, { foreground, template }, { cache: null });
    expect(again.png.equals(first.png)).toBe(true);
    expect(cold.png.equals(first.png)).toBe(true);
  });
});
