import { describe, expect, it } from 'vitest';
import type { CompositionDocument } from '../../core/index.ts';
import { batchPlacement, placeItem } from './batch-layout.ts';

const document: CompositionDocument = {
  canvas: { width: 1000, height: 800 },
  colorCode: '#ffffff',
  template: null,
  // The layout's own product: 800x1000 drawn at 300x375, a scale of 0.375.
  foreground: { source: { url: 'https://e.com/slot.png', width: 800, height: 1000 }, x: 350, y: 300, width: 300, height: 375 },
};

describe('batch layout in the editor', () => {
  it('"one scale for all" is the scale the layout draws its own product at', () => {
    expect(batchPlacement(document, { anchor: 'bottom', sizing: 'same-scale', removeBackground: false })).toEqual({ anchor: 'bottom', scale: 0.375 });
    expect(batchPlacement(document, { anchor: 'center', sizing: 'fit', removeBackground: false })).toEqual({ anchor: 'center' });
  });

  it('previews an item in the slot as the server places it', () => {
    expect(placeItem(document, { anchor: 'bottom', sizing: 'fit', removeBackground: false }, { width: 600, height: 200 })).toEqual({ x: 350, y: 575, width: 300, height: 100 });
    expect(placeItem({ ...document, foreground: null }, { anchor: 'bottom', sizing: 'fit', removeBackground: false }, { width: 1, height: 1 })).toBeNull();
  });
});
