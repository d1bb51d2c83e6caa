import { describe, expect, it } from 'vitest';
import type { CompositionDocument } from '../../core/index.ts';
import { batchLayout, batchPlacement, itemEffects, layoutEffectsFor, overrideOf, placeItem } from './batch-layout.ts';

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
    // A cut-out with transparent margins: its subject (200x100 at 200,50) stands on the floor, filling the slot's width.
    expect(placeItem(document, { anchor: 'bottom', sizing: 'fit', removeBackground: false }, { width: 600, height: 200 }, { x: 200, y: 50, width: 200, height: 100 })).toEqual({
      x: 50,
      y: 450,
      width: 900,
      height: 300,
    });
    expect(placeItem({ ...document, foreground: null }, { anchor: 'bottom', sizing: 'fit', removeBackground: false }, { width: 1, height: 1 })).toBeNull();
  });

  it('while an item is open in the editor, the layout is the document with its own foreground put back', () => {
    const item = { source: { url: 'https://e.com/mug.png', width: 10, height: 10 }, x: 0, y: 0, width: 10, height: 10 };
    expect(batchLayout({ ...document, foreground: item, colorCode: '#000000' }, { key: 'k', layoutForeground: document.foreground! })).toEqual({ ...document, colorCode: '#000000' });
    expect(batchLayout(document, null)).toBe(document);
  });
});

describe('overrideOf (what an item adjusted in the editor keeps)', () => {
  const ruled = { x: 350, y: 575, width: 300, height: 100 };
  const layer = { source: { url: 'https://e.com/tray.png', width: 600, height: 200 }, ...ruled };
  const shadow = { type: 'contact' as const, opacity: 0.7, blur: 6, angle: 90, distance: 0, color: '#000000' };

  it('is nothing when the item was left where the rule puts it, without effects', () => {
    expect(overrideOf(layer, ruled)).toBeNull();
    expect(overrideOf({ ...layer, effects: { shadows: [], reflection: null } }, ruled)).toBeNull();
  });

  it('keeps a moved or resized box, and effects even where the rule puts it', () => {
    expect(overrideOf({ ...layer, x: 10 }, ruled)).toEqual({ box: { ...ruled, x: 10 }, effects: null });
    expect(overrideOf({ ...layer, effects: { shadows: [shadow], reflection: null } }, ruled)).toEqual({ box: ruled, effects: { shadows: [shadow], reflection: null } });
  });
});

describe("the layout's effects for items placed by the rule", () => {
  const shadow = { type: 'contact' as const, opacity: 0.7, blur: 8, angle: 90, distance: 4, color: '#000000' };
  const reflection = { opacity: 0.3, height: 0.4, gap: 2 };
  // The layout's product is drawn at 0.375 of its size.
  const withEffects: CompositionDocument = { ...document, foreground: { ...document.foreground!, effects: { shadows: [shadow], reflection } } };

  it('are the same lengths on the canvas: an item drawn at a quarter of its size gets 1.5x the layout\'s pixels', () => {
    // 1200x1600 drawn at 300x400: a scale of 0.25 against the layout's 0.375.
    const effects = layoutEffectsFor(withEffects, { x: 0, y: 0, width: 300, height: 400 }, { width: 1200, height: 1600 });
    expect(effects).toEqual({ shadows: [{ ...shadow, blur: 12, distance: 6 }], reflection: { ...reflection, gap: 3 } });
    expect(layoutEffectsFor(document, { x: 0, y: 0, width: 300, height: 400 }, { width: 1200, height: 1600 })).toBeNull();
  });

  it('an override keeps its own effects (none included); an item on the rule takes the layout\'s', () => {
    const box = { x: 0, y: 0, width: 300, height: 375 };
    const size = { width: 800, height: 1000 };
    expect(itemEffects(withEffects, { box, effects: null }, box, size)).toBeNull();
    expect(itemEffects(withEffects, null, box, size)).toEqual(withEffects.foreground!.effects);
    expect(itemEffects(withEffects, null, null, size)).toBeNull();
  });

  it('an item opened and left with the rule\'s place and the layout\'s effects is no override', () => {
    const ruled = { x: 350, y: 575, width: 300, height: 100 };
    const layer = { source: { url: 'https://e.com/tray.png', width: 600, height: 200 }, ...ruled };
    const ruledEffects = { shadows: [shadow], reflection: null };
    expect(overrideOf({ ...layer, effects: ruledEffects }, ruled, ruledEffects)).toBeNull();
    // Its effects taken off: that is its own choice, kept.
    expect(overrideOf(layer, ruled, ruledEffects)).toEqual({ box: ruled, effects: null });
  });
});
