import Konva from 'konva';
import { SceneCanvas } from 'konva/lib/Canvas';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';

/**
 * What the editor relies on inside Konva beyond its documented API: the layer views (layer-canvas-shift.ts,
 * EditorCanvas.tsx) read a layer's `_canvas` and wrap its `drawScene`; the drag (layer-drag.ts) turns
 * `Konva.autoDrawEnabled` off to move a node without a draw. Konva is pinned to an exact version in
 * package.json; when an upgrade changes any of these, this fails instead of the drag silently drawing every
 * frame or the view never updating.
 *
 * Node has no <canvas>: Konva's own hook for other environments (`Util.createCanvasElement`, which its Node
 * entry points fill with a canvas package) gets an element whose 2D context accepts every call and draws
 * nothing. What is checked is which of Konva's code runs, not pixels.
 */
interface StandInCanvas {
  width: number;
  height: number;
  style: Record<string, string>;
  getContext(kind: string): unknown;
}

function standInCanvas(): StandInCanvas {
  const context: object = new Proxy(
    {},
    {
      get: (_target, key) => (key === 'canvas' ? element : key === 'getImageData' ? () => ({ data: new Uint8ClampedArray(4) }) : () => undefined),
      set: () => true,
    },
  );
  const element: StandInCanvas = { width: 0, height: 0, style: {}, getContext: () => context };
  return element;
}

let created: StandInCanvas[] = [];

beforeAll(() => {
  Konva.Util.createCanvasElement = () => {
    const element = standInCanvas();
    created.push(element);
    return element as unknown as HTMLCanvasElement;
  };
  // A draw Konva batches runs on the next animation frame; here, at once.
  Konva.Util.requestAnimFrame = (callback: () => void) => callback();
});

afterEach(() => {
  created = [];
  Konva.autoDrawEnabled = true;
});

function layerWithRect() {
  const layer = new Konva.Layer();
  const rect = new Konva.Rect({ x: 10, y: 10, width: 20, height: 20, fill: '#000' });
  layer.add(rect);
  return { layer, rect };
}

describe('Konva internals the editor patches', () => {
  test('a layer canvas keeps the element it draws on as `_canvas`', () => {
    const { layer } = layerWithRect();
    const element = layer.getCanvas()._canvas as unknown;
    expect(created).toContain(element);
  });

  test('Layer.draw goes through the instance\'s drawScene, with no target or the layer\'s own canvas', () => {
    const { layer } = layerWithRect();
    const targets: unknown[] = [];
    const drawScene = layer.drawScene;
    layer.drawScene = function (this: Konva.Layer, target, top) {
      targets.push(target);
      return drawScene.call(this, target, top);
    };
    layer.draw();
    expect(targets).toHaveLength(1);
    expect(targets[0] === undefined || targets[0] === layer.getCanvas()).toBe(true);
  });

  test('drawScene(target, top) draws on the canvas it is given (an export\'s), not the layer\'s', () => {
    const { layer } = layerWithRect();
    expect(Konva.Layer.prototype.drawScene.length).toBe(2);
    const other = new SceneCanvas({ width: 10, height: 10 });
    let cleared = 0;
    other.getContext().clear = () => void (cleared += 1);
    layer.drawScene(other);
    expect(cleared).toBe(1);
  });

  test('moving a node asks its layer for a draw only while autoDrawEnabled is on', () => {
    const { layer, rect } = layerWithRect();
    let draws = 0;
    layer.batchDraw = () => {
      draws += 1;
      return layer;
    };
    Konva.autoDrawEnabled = false;
    rect.position({ x: 30, y: 40 });
    expect(draws).toBe(0);
    Konva.autoDrawEnabled = true;
    rect.position({ x: 50, y: 60 });
    expect(draws).toBeGreaterThan(0);
  });
});
