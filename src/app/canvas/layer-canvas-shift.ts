import type Konva from 'konva';
import type { Shift } from '../../core/index.ts';

interface ShiftState {
  /** How far the picture on the canvas is from where Konva would draw the layer's nodes now (CSS px). */
  settled: Shift;
  /** How far a drag in progress has slid it further; the nodes stay put until the drag ends. */
  sliding: Shift;
  /** The translation on the canvas element now: settled + sliding. */
  shown: Shift;
}

const states = new WeakMap<Konva.Layer, ShiftState>();
const ZERO: Shift = { x: 0, y: 0 };

function show(layer: Konva.Layer, state: ShiftState): void {
  const x = state.settled.x + state.sliding.x;
  const y = state.settled.y + state.sliding.y;
  if (state.shown.x === x && state.shown.y === y) return;
  state.shown = { x, y };
  layer.getCanvas()._canvas.style.transform = x === 0 && y === 0 ? '' : `translate(${x}px, ${y}px)`;
}

function stateOf(layer: Konva.Layer): ShiftState {
  const existing = states.get(layer);
  if (existing) return existing;
  const state: ShiftState = { settled: ZERO, sliding: ZERO, shown: ZERO };
  states.set(layer, state);
  // Its own compositor layer: a translation is then applied off the main thread, with no rasterising.
  layer.getCanvas()._canvas.style.willChange = 'transform';
  // When Konva draws the layer's own canvas (not an export's), the picture is where the nodes are: the settled
  // shift goes, in the same task, or the content would jump for a frame. A drag in progress keeps sliding it.
  const drawScene = layer.drawScene.bind(layer);
  layer.drawScene = (canvas, top) => {
    const result = drawScene(canvas, top);
    if (!canvas || canvas === layer.getCanvas()) {
      state.settled = ZERO;
      show(layer, state);
    }
    return result;
  };
  return state;
}

/** Shows the layer's picture `sliding` CSS px further than its nodes are, while a drag leaves them in place. */
export function slideLayerCanvas(layer: Konva.Layer, sliding: Shift): void {
  const state = stateOf(layer);
  state.sliding = sliding;
  show(layer, state);
}

/**
 * The layer's nodes have just been moved to where the slid picture shows them: the picture stays as it is until
 * Konva next draws the layer, so the end of a drag costs no rasterising.
 */
export function settleLayerCanvas(layer: Konva.Layer): void {
  const state = stateOf(layer);
  state.settled = state.shown;
  state.sliding = ZERO;
}

/** How far the picture on the layer's canvas is from where Konva would draw its nodes now, drag excluded. */
export function settledLayerShift(layer: Konva.Layer): Shift {
  return states.get(layer)?.settled ?? ZERO;
}
