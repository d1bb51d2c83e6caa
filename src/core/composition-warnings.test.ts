import { describe, expect, it } from 'vitest';
import { compositionWarnings } from './composition-warnings.ts';
import type { CompositionDocument, Layer } from './document.ts';

const layer = (natural: [number, number], drawn: [number, number]): Layer => ({
  source: { url: 'https://images.example.test/x.png', width: natural[0], height: natural[1] },
  x: 0,
  y: 0,
  width: drawn[0],
  height: drawn[1],
});

const document = (foreground: Layer | null, template: Layer | null = null): CompositionDocument => ({
  canvas: { width: 3840, height: 3840 },
  colorCode: null,
  template,
  foreground,
});

const cutOut = { name: 'bottle.png', transparent: true };

describe('compositionWarnings', () => {
  it('warns of a layer drawn more than twice its natural size, naming both sizes', () => {
    expect(compositionWarnings(document(layer([50, 50], [3456, 3456])), { foreground: cutOut })).toEqual([
      { kind: 'blurry', layer: 'foreground', message: 'bottle.png is 50x50 and drawn at 3456x3456: it will look blurry' },
    ]);
  });

  it('counts either axis, and exactly twice is still fine', () => {
    expect(compositionWarnings(document(layer([100, 100], [200, 200])), { foreground: cutOut })).toEqual([]);
    expect(compositionWarnings(document(layer([100, 100], [201, 150])), { foreground: cutOut })).toHaveLength(1);
    expect(compositionWarnings(document(layer([100, 100], [150, 201])), { foreground: cutOut })).toHaveLength(1);
    expect(compositionWarnings(document(layer([100, 100], [40, 40])), { foreground: cutOut })).toEqual([]);
  });

  it('warns of the background image too', () => {
    const template = layer([1000, 600], [3840, 3840]);
    expect(compositionWarnings(document(null, template), { template: { name: 'beach.jpg', transparent: false } })).toEqual([
      { kind: 'blurry', layer: 'template', message: 'beach.jpg is 1000x600 and drawn at 3840x3840: it will look blurry' },
    ]);
  });

  it('warns of a foreground without any transparency, and only once it is known', () => {
    const foreground = layer([1600, 2000], [1600, 2000]);
    expect(compositionWarnings(document(foreground), { foreground: { name: 'photo.jpg', transparent: false } })).toEqual([
      {
        kind: 'opaque-foreground',
        layer: 'foreground',
        message: 'photo.jpg has no transparent background: the background behind the subject will cover the new background',
      },
    ]);
    expect(compositionWarnings(document(foreground), { foreground: { name: 'photo.jpg', transparent: null } })).toEqual([]);
    expect(compositionWarnings(document(foreground), { foreground: cutOut })).toEqual([]);
  });

  it('lists the foreground first, and a background image is never asked for transparency', () => {
    const warnings = compositionWarnings(document(layer([100, 100], [300, 300]), layer([100, 100], [300, 300])), {
      foreground: { name: 'photo.jpg', transparent: false },
      template: { name: 'beach.jpg', transparent: false },
    });
    expect(warnings.map((warning) => `${warning.layer} ${warning.kind}`)).toEqual(['foreground blurry', 'foreground opaque-foreground', 'template blurry']);
  });

  it('says nothing of a layer it has no facts for, or of an empty canvas', () => {
    expect(compositionWarnings(document(layer([10, 10], [3000, 3000])), {})).toEqual([]);
    expect(compositionWarnings(document(null), { foreground: cutOut })).toEqual([]);
  });
});
