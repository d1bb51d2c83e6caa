import type { Transformer } from 'konva/lib/shapes/Transformer';
import { Konva } from './konva-parts.ts';
import { shiftRevealsUndrawn, type LayerKind, type Shift } from '../../core/index.ts';
import { settledLayerShift, settleLayerCanvas, slideLayerCanvas } from './layer-canvas-shift.ts';
import { moveFollowers } from './layer-followers.ts';
import { clearSnapGuides, dragSnapper } from './snap-layer.ts';

interface Point {
  x: number;
  y: number;
}

/**
 * A drag of a layer's node from a press at `pointer` (client px) by the pointer `pointerId` (a mouse, a pen or
 * one finger); `commit` gets the new position, if it moved.
 */
export interface LayerDrag {
  node: Konva.Node;
  kind: LayerKind;
  pointer: Point;
  pointerId: number;
  commit(position: Point): void;
}

/** Puts the layer of the drag in progress back where it was, without telling the store. */
let cancelCurrent: (() => void) | null = null;

/**
 * Ends the drag in progress, if any, with the layer back where it was before it (nothing committed): a second
 * finger turns a one-finger drag into a pinch of the view, and a long press into the context menu. Returns
 * whether there was a drag.
 */
export function cancelLayerDrag(): boolean {
  const cancel = cancelCurrent;
  cancel?.();
  return Boolean(cancel);
}

/** The events Konva's stage would hit-test on every pointer move (for hover events), for nothing during a drag. */
const MOVE_EVENTS = ['mousemove', 'touchmove'] as const;

/**
 * Moves a layer with the pointer without drawing anything: the layer's canvas (its node alone) and the handles'
 * canvas are slid by CSS, which the compositor does off the main thread; without a GPU, rasterising a canvas on
 * each move cost more than a frame. The node is moved (and the store told) once, when the pointer is released;
 * the slid canvases already show it there, so that costs no drawing either. Snapping applies on every move.
 */
export function startLayerDrag({ node, kind, pointer, pointerId, commit }: LayerDrag): void {
  const stage = node.getStage();
  const layer = node.getLayer();
  if (!stage || !layer) return;
  const transformer = stage.findOne<Transformer>('Transformer');
  const scale = stage.scaleX();
  const view = { x: 0, y: 0, width: stage.width(), height: stage.height() };
  const size = { width: node.width() * node.scaleX(), height: node.height() * node.scaleY() };
  const snap = dragSnapper(kind);
  let position = node.position();
  const origin = position;
  /** Where the picture now on the layer's canvas has the node (client rect in the stage, CSS px). */
  let painted = shifted(node.getClientRect(), settledLayerShift(layer), -1);

  const handlesLayer = () => {
    const handles = transformer?.nodes().includes(node) ? transformer.getLayer() : null;
    return handles && handles !== layer ? handles : null;
  };
  const slide = (sliding: Shift) => {
    slideLayerCanvas(layer, sliding);
    const handles = handlesLayer();
    if (handles) slideLayerCanvas(handles, sliding);
  };
  const settle = () => {
    settleLayerCanvas(layer);
    const handles = handlesLayer();
    if (handles) settleLayerCanvas(handles);
  };
  /**
   * Moves the node itself, with no draw: Konva would draw the layer and the handles on the next frame. The
   * Transformer follows its node by itself and then asks its layer for a draw whatever autoDrawEnabled says, so
   * that layer's batchDraw is stilled meanwhile: a copy of a redrawn canvas costs a frame or more here
   * (layer-canvas-shift.ts). Its followers (its effects) go with it, or the store's commit would move them
   * alone and the whole layer would be drawn again.
   */
  const placeNode = (target: Point) => {
    const handles = handlesLayer();
    Konva.autoDrawEnabled = false;
    if (handles) handles.batchDraw = () => handles;
    try {
      node.position(target);
      moveFollowers(node);
    } finally {
      Konva.autoDrawEnabled = true;
      if (handles) delete (handles as Partial<Pick<Konva.Layer, 'batchDraw'>>).batchDraw;
    }
  };
  // Exact: the node moves by exactly this much when the drag ends (the picture is placed on whole device
  // pixels when shown, layer-canvas-shift.ts, so rounding never adds up over drags).
  const screenShift = (from: Point, to: Point): Shift => ({ x: (to.x - from.x) * scale, y: (to.y - from.y) * scale });

  const onMove = (event: PointerEvent) => {
    if (event.pointerId !== pointerId) return; // another finger: the touch gestures' (use-touch-gestures.ts)
    event.stopPropagation();
    const wanted = { x: origin.x + (event.clientX - pointer.x) / scale, y: origin.y + (event.clientY - pointer.y) / scale };
    const snapped = snap({ ...wanted, ...size });
    // Whole canvas pixels, as the request will have them.
    position = { x: Math.round(snapped.x), y: Math.round(snapped.y) };
    let sliding = screenShift(node.position(), position);
    if (shiftRevealsUndrawn(painted, view, shifted(settledLayerShift(layer), sliding, 1))) {
      // A part of the layer that lay outside the stage, so was never drawn, would come into view: draw it now.
      settle();
      placeNode(position);
      layer.draw();
      handlesLayer()?.draw();
      painted = node.getClientRect();
      sliding = { x: 0, y: 0 };
    }
    slide(sliding);
  };
  const stopHitTests = (event: Event) => event.stopPropagation();
  const stop = () => {
    cancelCurrent = null;
    window.removeEventListener('pointermove', onMove, true);
    for (const type of MOVE_EVENTS) window.removeEventListener(type, stopHitTests, true);
    window.removeEventListener('pointerup', onEnd, true);
    window.removeEventListener('pointercancel', onEnd, true);
    clearSnapGuides();
  };
  const onEnd = (event: PointerEvent) => {
    if (event.pointerId !== pointerId) return;
    // Konva would hit-test the stage for the release too, first reading the layout the commit below has just
    // changed (a forced layout of the page); the drag's moves skip it the same way.
    event.stopPropagation();
    stop();
    settle();
    const { x, y } = node.position();
    if (x !== position.x || y !== position.y) {
      // The node goes where its picture already is; only the hit canvases (offscreen, 1x) are drawn again.
      placeNode(position);
      layer.drawHit();
      handlesLayer()?.drawHit();
    }
    if (position.x !== origin.x || position.y !== origin.y) commit(position);
  };
  cancelCurrent = () => {
    stop();
    // The picture slides back over the node; a node moved to draw a revealed part goes back and is drawn there.
    slide({ x: 0, y: 0 });
    const { x, y } = node.position();
    if (x !== origin.x || y !== origin.y) {
      settle();
      placeNode(origin);
      layer.draw();
      handlesLayer()?.draw();
    }
  };
  window.addEventListener('pointermove', onMove, true);
  for (const type of MOVE_EVENTS) window.addEventListener(type, stopHitTests, true);
  window.addEventListener('pointerup', onEnd, true);
  window.addEventListener('pointercancel', onEnd, true);
}

function shifted<T extends Point>(point: T, shift: Shift, sign: 1 | -1): T {
  return { ...point, x: point.x + sign * shift.x, y: point.y + sign * shift.y };
}
