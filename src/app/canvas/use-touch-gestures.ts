import { useEffect, type RefObject } from 'react';
import type { Transformer } from 'konva/lib/shapes/Transformer';
import { Konva } from './konva-parts.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { cancelLayerDrag } from './layer-drag.ts';

interface Point {
  x: number;
  y: number;
}

/** How long a finger must stay down, and how little it may move, to be a long press (the context menu). */
export const LONG_PRESS_MS = 500;
/** Moving a finger further than this (CSS px) makes it a drag or a pan, not a press. */
export const TOUCH_SLOP = 8;

/**
 * What the fingers on the canvas do:
 * - 'press': one finger on a layer or a handle; Konva and the layer drag (layer-drag.ts) take it as a mouse press.
 * - 'pan': one finger on empty canvas; it pans the view (a tap without moving deselects).
 * - 'pinch': two fingers; they zoom the view around their midpoint and pan it with the midpoint's movement.
 * - 'menu': a long press has opened the context menu; the finger does nothing more until it lifts.
 */
type Gesture = 'press' | 'pan' | 'pinch' | 'menu';

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
const midpoint = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/**
 * Touch on the canvas box: one finger drags a layer (through the mouse's own path) or pans, two pinch-zoom, a
 * long press opens what a right-click would (a contextmenu event at the finger, for the context menu to hear).
 * The box has `touch-action: none` (styles.css), so the browser neither scrolls nor zooms the page meanwhile and
 * every move arrives as a pointer event. Listens in the capture phase, before Konva, and only to touch pointers;
 * the window listeners exist only while a finger is down, so mouse moves cost nothing more.
 */
export function useTouchGestures(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    /** The fingers down on the canvas, where they are now (client px), in the order they landed. */
    const fingers = new Map<number, Point>();
    let gesture: Gesture = 'press';
    let pressStart: Point = { x: 0, y: 0 };
    let movedFar = false;
    let longPress: ReturnType<typeof setTimeout> | undefined;
    /** The fingers' spread and midpoint at the last step, and the stage's corner on screen (taken once a pinch). */
    let pinch: { distance: number; midpoint: Point; stageCorner: Point } | null = null;

    const stage = () => Konva.stages.find((candidate) => element.contains(candidate.container()));
    /** A client point in the stage's CSS pixels (the view's anchors are). */
    const stageCorner = (): Point => {
      const box = stage()?.container().getBoundingClientRect() ?? element.getBoundingClientRect();
      return { x: box.left, y: box.top };
    };
    const inStage = (point: Point, corner = stageCorner()): Point => ({ x: point.x - corner.x, y: point.y - corner.y });
    const clearLongPress = () => {
      clearTimeout(longPress);
      longPress = undefined;
    };
    /** Ends what the first finger was doing to a layer: a drag is undone, a resize ends where it is. */
    const endLayerPress = () => {
      cancelLayerDrag();
      const transformer = stage()?.findOne<Transformer>('Transformer');
      if (transformer?.isTransforming()) transformer.stopTransform();
    };
    const openContextMenu = (at: Point) => {
      longPress = undefined;
      endLayerPress(); // the menu acts on the layer where it was
      gesture = 'menu';
      const under = document.elementFromPoint(at.x, at.y);
      const target = under && element.contains(under) ? under : element;
      target.dispatchEvent(new MouseEvent('contextmenu', { clientX: at.x, clientY: at.y, bubbles: true, cancelable: true }));
    };
    const twoFingers = (): [Point, Point] => {
      const [first, second] = [...fingers.values()];
      return [first!, second!];
    };
    const startPinch = () => {
      const [a, b] = twoFingers();
      // The stage stays put during a pinch (touch-action: none): its box is looked up once, not on every move.
      pinch = { distance: Math.max(1, distance(a, b)), midpoint: midpoint(a, b), stageCorner: pinch?.stageCorner ?? stageCorner() };
    };

    const onMove = (event: PointerEvent) => {
      const last = fingers.get(event.pointerId);
      if (!last) return;
      const now = { x: event.clientX, y: event.clientY };
      fingers.set(event.pointerId, now);
      if (!movedFar && distance(now, pressStart) > TOUCH_SLOP) {
        movedFar = true;
        clearLongPress();
      }
      if (gesture === 'press') return; // the layer drag or the handles' own
      // Nor does Konva hit-test the stage for these moves.
      event.stopPropagation();
      const view = useEditorStore.getState();
      if (gesture === 'pan') {
        view.panBy(now.x - last.x, now.y - last.y);
      } else if (gesture === 'pinch' && pinch) {
        const [a, b] = twoFingers();
        const next = { distance: Math.max(1, distance(a, b)), midpoint: midpoint(a, b), stageCorner: pinch.stageCorner };
        // The canvas point under the old midpoint goes under the new one, at the new finger spread.
        view.pinchBy(next.distance / pinch.distance, inStage(pinch.midpoint, pinch.stageCorner), next.midpoint.x - pinch.midpoint.x, next.midpoint.y - pinch.midpoint.y);
        pinch = next;
      }
    };
    const stopTouchMove = (event: TouchEvent) => {
      if (gesture !== 'press') event.stopPropagation();
    };
    const onUp = (event: PointerEvent) => {
      if (!fingers.delete(event.pointerId)) return;
      clearLongPress();
      if (gesture === 'pan' && !movedFar && fingers.size === 0) useEditorStore.getState().select(null); // a tap
      if (fingers.size === 1 && gesture === 'pinch') {
        // The finger left down goes on panning, as in a map.
        gesture = 'pan';
        pinch = null;
      } else if (fingers.size >= 2) {
        startPinch();
      }
      if (fingers.size === 0) stopListening();
    };
    const listen = () => {
      window.addEventListener('pointermove', onMove, true);
      window.addEventListener('touchmove', stopTouchMove, true);
      window.addEventListener('pointerup', onUp, true);
      window.addEventListener('pointercancel', onUp, true);
    };
    const stopListening = () => {
      window.removeEventListener('pointermove', onMove, true);
      window.removeEventListener('touchmove', stopTouchMove, true);
      window.removeEventListener('pointerup', onUp, true);
      window.removeEventListener('pointercancel', onUp, true);
      gesture = 'press';
      pinch = null;
    };

    const onPointerDown = (event: PointerEvent) => {
      if (event.pointerType !== 'touch') return;
      const point = { x: event.clientX, y: event.clientY };
      fingers.set(event.pointerId, point);
      if (fingers.size === 1) {
        listen();
        pressStart = point;
        movedFar = false;
        const at = inStage(point);
        gesture = stage()?.getIntersection(at) ? 'press' : 'pan';
        longPress = setTimeout(() => openContextMenu(fingers.get(event.pointerId) ?? point), LONG_PRESS_MS);
        if (gesture === 'press') return; // Konva presses the layer or the handle under the finger
      } else {
        // A second finger: the view's pinch. A layer drag in progress is undone (the layer goes back where it
        // was), a resize ends where it is.
        clearLongPress();
        endLayerPress();
        gesture = 'pinch';
        startPinch();
      }
      // Not a press for Konva (nor, by default, the mouse events a browser sends after a touch).
      event.preventDefault();
      event.stopPropagation();
    };
    /** Konva hears touchstart too: only the one of a press reaches it. */
    const onTouchStart = (event: TouchEvent) => {
      if (gesture !== 'press' || event.touches.length > 1) event.stopPropagation();
    };
    /** A browser's own long-press menu: the long press above stands for it (iOS Safari sends none). */
    const onContextMenu = (event: MouseEvent) => {
      if ('pointerType' in event && (event as PointerEvent).pointerType === 'touch') {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    element.addEventListener('pointerdown', onPointerDown, true);
    element.addEventListener('touchstart', onTouchStart, { capture: true, passive: true });
    element.addEventListener('contextmenu', onContextMenu, true);
    return () => {
      clearLongPress();
      stopListening();
      element.removeEventListener('pointerdown', onPointerDown, true);
      element.removeEventListener('touchstart', onTouchStart, true);
      element.removeEventListener('contextmenu', onContextMenu, true);
    };
  }, [ref]);
}
