import { beforeEach, describe, expect, it } from 'vitest';
import { emptyDocument, fitView, placeLayer, type CompositionDocument, type Layer } from '../../core/index.ts';
import { rememberCutoutOrigin } from '../cutout/cutout-origins.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { VIEW_MARGIN, ZOOM_STEP } from '../store/view-slice.ts';
import type { ActionContext } from './action.ts';
import { ACTIONS, actionById } from './action-registry.ts';
import { canRun, runAction } from './action-state.ts';
import { canvasMenuItems, layerMenuItems } from './context-menu-items.ts';
import { placementActions } from './placement-actions.ts';

// The real store, as the app has it, put back as it was before each test.
const initialState = useEditorStore.getState();
const history = () => useEditorStore.temporal.getState();
const store = () => useEditorStore.getState();

const press: ActionContext = { repeat: false, confirm: () => true };
const held: ActionContext = { ...press, repeat: true };

const layer = (x: number, y: number, width: number, height: number, natural = { width: 800, height: 1000 }): Layer => ({
  source: { url: 'https://images.example.test/a.png', ...natural },
  x,
  y,
  width,
  height,
});

/** A 2000x1000 canvas with a 400x500 foreground (natural 800x1000) at (100, 200) and a template. */
function loadDocument(): CompositionDocument {
  const document: CompositionDocument = {
    ...emptyDocument({ width: 2000, height: 1000 }),
    foreground: layer(100, 200, 400, 500),
    template: layer(0, 0, 2000, 1000, { width: 1200, height: 600 }),
  };
  store().replaceDocument(document);
  history().clear();
  return document;
}

const run = (id: string, context = press) => runAction(actionById(id), context);
const enabled = (id: string) => canRun(actionById(id));

beforeEach(() => {
  useEditorStore.setState(initialState, true);
  history().clear();
});

describe('placement actions', () => {
  it('are the nine placements, and cannot run without a selected layer', () => {
    loadDocument();
    expect(placementActions.map((action) => action.id)).toHaveLength(9);
    for (const action of placementActions) {
      expect(canRun(action), action.id).toBe(false);
      expect(runAction(action, press), `${action.id} does nothing`).toBe(false);
    }
    expect(store().document.foreground).toEqual(layer(100, 200, 400, 500));
  });

  it('each gives the selected layer the rectangle placeLayer gives, as one undo step', () => {
    const document = loadDocument();
    const start = document.foreground!;
    for (const action of placementActions) {
      store().replaceDocument(document);
      store().select('foreground');
      history().clear();
      const placement = action.id.replace(/^place-/, '') as Parameters<typeof placeLayer>[0];

      expect(runAction(action, press), action.id).toBe(true);

      const rectOf = ({ x, y, width, height }: { x: number; y: number; width: number; height: number }) => ({ x, y, width, height });
      expect(rectOf(store().document.foreground!), action.id).toEqual(
        rectOf(placeLayer(placement, start, start.source, document.canvas)),
      );
      expect(store().document.template, `${action.id} leaves the other layer`).toEqual(document.template);
    }
    // "Fit" on the 800x1000 foreground in a 2000x1000 canvas: 800x1000, centred.
    store().replaceDocument(document);
    history().clear();
    run('place-fit');
    expect(store().document.foreground).toMatchObject({ x: 600, y: 0, width: 800, height: 1000 });
    expect(history().pastStates).toHaveLength(1);
  });
});

describe('fit the product', () => {
  it("fits the cut-out's subject to 85 % of the canvas, centred, without a marketplace: one undo step", () => {
    loadDocument();
    const foreground = { ...store().document.foreground!, source: { ...store().document.foreground!.source, subject: { x: 200, y: 0, width: 400, height: 1000 } } };
    store().replaceDocument({ ...store().document, foreground });
    history().clear();
    run('fit-subject-centre');
    // The subject's 1000 px height becomes 850 of the 1000 px canvas; the image 800 -> 680 wide, subject centred.
    expect(store().document.foreground).toMatchObject({ x: 660, y: 75, width: 680, height: 850 });
    expect(history().pastStates).toHaveLength(1);
  });

  it("uses the marketplace's fill, and stands the product on the floor 5 % above the bottom", () => {
    loadDocument();
    store().replaceDocument({ ...store().document, marketplace: 'google' });
    run('fit-subject-bottom');
    // Google's 82.5 %: the 1000 px tall image 825 tall, its base at 1000 - 50.
    expect(store().document.foreground).toMatchObject({ width: 660, height: 825, x: 670, y: 125 });
  });
});

describe('nudge actions', () => {
  beforeEach(() => {
    loadDocument();
    store().select('foreground');
  });

  it('move the selected layer by 1 px, with Shift by 10 px', () => {
    run('nudge-right');
    run('nudge-down');
    expect(store().document.foreground).toMatchObject({ x: 101, y: 201 });
    run('nudge-left-far');
    run('nudge-up-far');
    expect(store().document.foreground).toMatchObject({ x: 91, y: 191 });
    expect(store().document.template, 'the other layer stays').toMatchObject({ x: 0, y: 0 });
  });

  it('make a held key one undo step', () => {
    run('nudge-right');
    run('nudge-right', held);
    run('nudge-right', held);
    expect(store().document.foreground?.x).toBe(103);
    history().undo();
    expect(store().document.foreground?.x).toBe(100);
  });

  it('cannot run without a selection', () => {
    store().select(null);
    expect(enabled('nudge-left')).toBe(false);
    expect(run('nudge-left')).toBe(false);
    expect(store().document.foreground?.x).toBe(100);
  });
});

describe('remove-layer', () => {
  it('removes the selected layer, and undo brings it back', () => {
    const document = loadDocument();
    expect(enabled('remove-layer')).toBe(false);
    store().select('template');

    expect(run('remove-layer')).toBe(true);
    expect(store().document.template).toBeNull();
    expect(store().document.foreground).toEqual(document.foreground);
    expect(store().selection).toBeNull();

    expect(enabled('undo')).toBe(true);
    run('undo');
    expect(store().document.template).toEqual(document.template);
    expect(enabled('redo')).toBe(true);
    run('redo');
    expect(store().document.template).toBeNull();
  });
});

describe('undo and redo', () => {
  it('cannot run with nothing to undo or redo', () => {
    loadDocument();
    expect(enabled('undo')).toBe(false);
    expect(enabled('redo')).toBe(false);
    expect(run('undo')).toBe(false);
  });
});

describe('zoom actions', () => {
  beforeEach(() => {
    loadDocument();
    store().setViewport({ width: 1000, height: 800 });
  });

  it('zoom in and out by one step around the middle of the view, and back to fit', () => {
    const fitted = store().view;
    expect(fitted).toEqual(fitView({ width: 2000, height: 1000 }, { width: 1000, height: 800 }, VIEW_MARGIN));
    expect(actionById('zoom-fit').pressed?.(store())).toBe(true);

    run('zoom-in');
    expect(store().view.scale).toBeCloseTo(fitted.scale * ZOOM_STEP);
    expect(store().zoomMode).toBe('free');
    expect(actionById('zoom-fit').pressed?.(store())).toBe(false);
    run('zoom-out');
    run('zoom-out');
    expect(store().view.scale).toBeCloseTo(fitted.scale / ZOOM_STEP);

    run('zoom-fit');
    expect(store().view).toEqual(fitted);
    expect(store().zoomMode).toBe('fit');
  });

  it('100 % shows one canvas pixel per screen pixel', () => {
    run('zoom-100');
    expect(store().view.scale).toBe(1);
  });

  it('are not undo steps', () => {
    run('zoom-in');
    expect(history().pastStates).toHaveLength(0);
  });
});

describe('selection actions', () => {
  it('Tab steps from the top layer down, then lets go; Shift+Tab goes back up', () => {
    loadDocument();
    expect(run('select-next-layer')).toBe(true);
    expect(store().selection).toBe('foreground');
    expect(run('select-next-layer')).toBe(true);
    expect(store().selection).toBe('template');
    expect(run('select-next-layer'), 'past the last layer the key goes on').toBe(false);
    expect(store().selection).toBeNull();

    expect(run('select-previous-layer')).toBe(true);
    expect(store().selection).toBe('template');
    expect(run('select-previous-layer')).toBe(true);
    expect(store().selection).toBe('foreground');
  });

  it('skips a missing layer, and cannot run without layers', () => {
    expect(enabled('select-next-layer')).toBe(false);
    loadDocument();
    store().removeLayer('foreground');
    run('select-next-layer');
    expect(store().selection).toBe('template');
  });

  it('Escape deselects', () => {
    loadDocument();
    expect(enabled('deselect')).toBe(false);
    store().select('foreground');
    run('deselect');
    expect(store().selection).toBeNull();
  });
});

describe('new-document', () => {
  it('empties the document once confirmed, keeping the canvas size; refused, it keeps it', () => {
    const document = loadDocument();
    store().select('foreground');
    run('new-document', { ...press, confirm: () => false });
    expect(store().document).toEqual(document);

    run('new-document');
    expect(store().document).toEqual(emptyDocument(document.canvas));
    expect(store().selection).toBeNull();
    run('undo');
    expect(store().document).toEqual(document);
  });
});

describe('overlay actions', () => {
  it('"?" shows and hides the shortcut list', () => {
    run('show-shortcuts');
    expect(store().helpOpen).toBe(true);
    run('show-shortcuts');
    expect(store().helpOpen).toBe(false);
  });

  it('"More" opens the menu of the selected layer at the button, and closes it when pressed again', () => {
    loadDocument();
    store().select('template');
    run('open-context-menu', { ...press, anchor: { x: 40, y: 60 } });
    expect(store().contextMenu).toEqual({ x: 40, y: 60, target: 'template' });
    run('open-context-menu', { ...press, anchor: { x: 40, y: 60 } });
    expect(store().contextMenu).toBeNull();
  });
});

describe('context menus', () => {
  it("a layer's menu has the placements, fitting the product and removing it, all enabled once the foreground is selected", () => {
    loadDocument();
    store().select('foreground');
    const items = layerMenuItems('foreground').filter((item) => item !== null);
    expect(items.map((item) => item.id)).toEqual([...placementActions.map((action) => action.id), 'fit-subject-centre', 'fit-subject-bottom', 'compare-edge', 'remove-layer']);
    // All run once the foreground is selected, but Compare edge, which needs a cut-out this tab made.
    expect(items.filter((item) => !canRun(item)).map((item) => item.id)).toEqual(['compare-edge']);
  });

  it("the background image's menu offers fitting the product disabled: it places the foreground only", () => {
    loadDocument();
    store().select('template');
    const items = layerMenuItems('template').filter((item) => item !== null);
    expect(items.map((item) => item.id)).toEqual([...placementActions.map((action) => action.id), 'fit-subject-centre', 'fit-subject-bottom', 'remove-layer']);
    expect(items.filter((item) => !canRun(item)).map((item) => item.id)).toEqual(['fit-subject-centre', 'fit-subject-bottom']);
  });

  it("the canvas's menu shows undo and redo disabled when there is nothing to undo", () => {
    loadDocument();
    const items = canvasMenuItems().filter((item) => item !== null);
    expect(items.map((item) => item.id)).toEqual(['undo', 'redo', 'zoom-fit', 'zoom-100', 'new-document']);
    expect(items.filter((item) => !canRun(item)).map((item) => item.id)).toEqual(['undo', 'redo']);
  });
});

describe('compare edge', () => {
  it('opens the look at the edge of a cut-out made in this tab, and of nothing else', () => {
    const document = loadDocument();
    expect(enabled('compare-edge')).toBe(false);
    const cutout = { url: 'https://composer.example.test/api/uploads/0123456789abcdef01234567', width: 300, height: 400 };
    rememberCutoutOrigin(cutout.url, { photo: document.foreground!.source, photoUrl: document.foreground!.source.url, crop: { x: 250, y: 300, ...cutout }, warning: null });
    store().replaceDocument({ ...document, foreground: { ...document.foreground!, source: cutout } });
    expect(enabled('compare-edge')).toBe(true);
    expect(run('compare-edge')).toBe(true);
    expect(store().edgeCompareOpen).toBe(true);
    // Undo brings the photo back: there is no cut-out to compare any more.
    history().undo();
    expect(enabled('compare-edge')).toBe(false);
  });
});

it('every action id is unique', () => {
  expect(new Set(ACTIONS.map((action) => action.id)).size).toBe(ACTIONS.length);
});
