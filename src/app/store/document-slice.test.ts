import { beforeEach, describe, expect, it } from 'vitest';
import { CANVAS_PRESETS, coverPlacement, fitPlacement, type CompositionDocument } from '../../core/index.ts';
import { useEditorStore } from './editor-store.ts';

// The store as the editor uses it (zundo history included), on the sample's shapes: a 3000x2000 photo covering a
// 3840x3840 canvas, a 1600x2000 cut-out fitted inside it, off-centre.
const photo = { url: 'https://images.example.test/photo.jpg', width: 3000, height: 2000 };
const cutOut = { url: 'https://images.example.test/cut-out.png', width: 1600, height: 2000 };
const SQUARE = { width: 3840, height: 3840 };

function sampleDocument(): CompositionDocument {
  const fitted = fitPlacement(cutOut, SQUARE);
  return {
    canvas: { ...SQUARE },
    colorCode: null,
    template: { source: photo, ...coverPlacement(photo, SQUARE) },
    foreground: { source: cutOut, ...fitted, x: fitted.x - 311, y: fitted.y + 77 },
  };
}

const state = () => useEditorStore.getState();
const history = () => useEditorStore.temporal.getState();

beforeEach(() => {
  state().replaceDocument(sampleDocument());
  history().clear();
});

describe('setCanvasSize', () => {
  it('keeps the background covering the canvas on every preset (the issue: bands above and below)', () => {
    for (const preset of CANVAS_PRESETS) {
      state().setCanvasSize(preset);
      const { template } = state().document;
      expect(template!.x, `left edge on ${preset.label}`).toBeLessThanOrEqual(0);
      expect(template!.y, `top edge on ${preset.label}`).toBeLessThanOrEqual(0);
      expect(template!.x + template!.width, `right edge on ${preset.label}`).toBeGreaterThanOrEqual(preset.width);
      expect(template!.y + template!.height, `bottom edge on ${preset.label}`).toBeGreaterThanOrEqual(preset.height);
    }
  });

  it('several presets in a row and back give the first layout back exactly, however often', () => {
    const original = state().document;
    for (let round = 0; round < 3; round += 1) {
      for (const preset of [CANVAS_PRESETS[3]!, CANVAS_PRESETS[5]!, CANVAS_PRESETS[2]!, CANVAS_PRESETS[4]!, CANVAS_PRESETS[6]!]) {
        state().setCanvasSize(preset);
      }
      state().setCanvasSize(SQUARE);
      expect(state().document).toEqual(original);
    }
  });

  it('a preset worked out from the run start, not from the rounded layout before it', () => {
    state().setCanvasSize({ width: 1080, height: 1350 });
    state().setCanvasSize({ width: 1920, height: 1080 });
    const viaPortrait = state().document;
    state().replaceDocument(sampleDocument());
    state().setCanvasSize({ width: 1920, height: 1080 });
    expect(viaPortrait).toEqual(state().document);
  });

  it('a move between canvas changes starts a new run from the moved layout', () => {
    state().setCanvasSize({ width: 1080, height: 1350 });
    const { foreground } = state().document;
    state().setLayerRect('foreground', { x: foreground!.x + 40 });
    const moved = state().document;
    state().setCanvasSize({ width: 1920, height: 1080 });
    state().setCanvasSize({ width: 1080, height: 1350 });
    // Back to the moved layout, not to the one before the move.
    expect(state().document).toEqual(moved);
  });

  it('undo after a preset restores the document before it; redo then another preset still does not drift', () => {
    const original = state().document;
    state().setCanvasSize({ width: 1080, height: 1350 });
    const portrait = state().document;
    history().undo();
    expect(state().document).toBe(original);
    history().redo();
    expect(state().document).toEqual(portrait);
    state().setCanvasSize({ width: 1920, height: 1080 });
    state().setCanvasSize({ width: 3840, height: 3840 });
    expect(state().document).toEqual(original);
    // Each canvas change was one undo step: back through 1920x1080 and the portrait to the original.
    history().undo();
    history().undo();
    history().undo();
    expect(state().document).toEqual(original);
    expect(history().pastStates).toHaveLength(0);
  });

  it('an undo in the middle of a run starts a new run from the document undone to', () => {
    state().setCanvasSize({ width: 1080, height: 1350 });
    state().setCanvasSize({ width: 1920, height: 1080 });
    history().undo();
    const portrait = state().document;
    expect(portrait.canvas).toEqual({ width: 1080, height: 1350 });
    state().setCanvasSize({ width: 1080, height: 1920 });
    state().setCanvasSize({ width: 1080, height: 1350 });
    expect(state().document).toEqual(portrait);
  });
});

describe('setMarketplace', () => {
  it('applies a preset in one undo step: canvas, white background, the subject fitted; undo gives the layout back', () => {
    const before = state().document;
    state().setMarketplace('amazon');
    const applied = state().document;
    expect(applied).toMatchObject({ canvas: { width: 2000, height: 2000 }, colorCode: '#ffffff', template: null, marketplace: 'amazon' });
    // The 1600x2000 cut-out's 2000 px height fitted to 85 % of 2000.
    expect(applied.foreground).toMatchObject({ width: 1360, height: 1700, x: 320, y: 150 });
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(state().document).toBe(before);
  });

  it('null stops checking the marketplace without moving anything (an undo step); null again changes nothing', () => {
    state().setMarketplace('google');
    const applied = state().document;
    state().setMarketplace(null);
    expect(state().document).toEqual({ ...applied, marketplace: undefined });
    expect(state().document).not.toHaveProperty('marketplace');
    const cleared = state().document;
    state().setMarketplace(null);
    expect(state().document).toBe(cleared);
    expect(history().pastStates).toHaveLength(2);
  });
});
