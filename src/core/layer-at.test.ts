import { describe, expect, it } from 'vitest';
import { emptyDocument, type Layer } from './document.ts';
import { layerAt } from './layer-at.ts';

const layer = (x: number, y: number, width: number, height: number): Layer => ({
  source: { url: 'https://example.test/a.png', width, height },
  x,
  y,
  width,
  height,
});

describe('layerAt', () => {
  const document = {
    ...emptyDocument({ width: 1000, height: 1000 }),
    template: layer(-200, -200, 1400, 1400),
    foreground: layer(300, 300, 400, 500),
  };

  it('gives the foreground where it lies over the template', () => {
    expect(layerAt(document, { x: 500, y: 500 })).toBe('foreground');
    expect(layerAt(document, { x: 300, y: 800 }), 'its edge belongs to it').toBe('foreground');
  });

  it('gives the template around the foreground, also outside the canvas', () => {
    expect(layerAt(document, { x: 100, y: 100 })).toBe('template');
    expect(layerAt(document, { x: -150, y: 1150 })).toBe('template');
  });

  it('gives null where no layer is', () => {
    expect(layerAt(document, { x: 1300, y: 500 })).toBeNull();
    expect(layerAt({ ...document, template: null }, { x: 100, y: 100 })).toBeNull();
    expect(layerAt(emptyDocument(), { x: 10, y: 10 })).toBeNull();
  });
});
