import type { StateCreator } from 'zustand';
import { fitView, type Size, type ViewTransform } from '../../core/index.ts';
import type { EditorState } from './editor-store.ts';

/** CSS pixels kept free around the canvas when it is fitted into the view. */
export const VIEW_MARGIN = 56;
/** The margin on a small view (a phone), where 56 px a side would take a third of the width. */
export const SMALL_VIEW_MARGIN = 20;
const SMALL_VIEW_SIDE = 600;

/** The margin for a view of this size: the small one when the view's shorter side is a phone's. */
export function fitMargin(viewport: Size): number {
  return Math.min(viewport.width, viewport.height) < SMALL_VIEW_SIDE ? SMALL_VIEW_MARGIN : VIEW_MARGIN;
}
export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 8;
/** Each zoom-in/out button press multiplies or divides the zoom by this. */
export const ZOOM_STEP = 1.25;

const clampZoom = (scale: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));

/** The view at `scale` (clamped) with the canvas point under `anchor` (stage CSS pixels) still under it. */
function zoomedAround(view: ViewTransform, scale: number, anchor: { x: number; y: number }): ViewTransform {
  const next = clampZoom(scale);
  const canvasX = (anchor.x - view.offsetX) / view.scale;
  const canvasY = (anchor.y - view.offsetY) / view.scale;
  return { scale: next, offsetX: anchor.x - canvasX * next, offsetY: anchor.y - canvasY * next };
}

export interface ViewSlice {
  /** Where the canvas is on screen: CSS pixels per canvas pixel and the offset of canvas (0,0) in the stage. */
  view: ViewTransform;
  /** 'fit' follows the box and the canvas size; any zoom or pan by the user makes it 'free'. */
  zoomMode: 'fit' | 'free';
  /** The stage's box on screen, in CSS pixels. */
  viewport: Size;
  /** Parts of layers outside the canvas are drawn dimmed (true) or not at all (false). */
  showOverflow: boolean;
  /** Typing a layer's width or height keeps its aspect ratio. */
  keepAspectRatio: boolean;
  setViewport: (viewport: Size) => void;
  zoomToFit: () => void;
  /** Zooms to `scale` keeping the canvas point under `anchor` (stage CSS pixels) where it is. */
  zoomTo: (scale: number, anchor?: { x: number; y: number }) => void;
  zoomBy: (factor: number, anchor?: { x: number; y: number }) => void;
  panBy: (dx: number, dy: number) => void;
  /** A pinch step: zoomBy(factor, anchor) then panBy(dx, dy), in one store update. */
  pinchBy: (factor: number, anchor: { x: number; y: number }, dx: number, dy: number) => void;
  setShowOverflow: (show: boolean) => void;
  setKeepAspectRatio: (keep: boolean) => void;
}

export const createViewSlice: StateCreator<EditorState, [], [], ViewSlice> = (set, get) => ({
  view: { scale: 1, offsetX: 0, offsetY: 0 },
  zoomMode: 'fit',
  viewport: { width: 0, height: 0 },
  showOverflow: true,
  keepAspectRatio: true,
  setViewport: (viewport) => {
    set({ viewport });
    if (get().zoomMode === 'fit') get().zoomToFit();
  },
  zoomToFit: () =>
    set((state) => ({ zoomMode: 'fit', view: fitView(state.document.canvas, state.viewport, fitMargin(state.viewport)) })),
  zoomTo: (scale, anchor) =>
    set((state) => ({
      zoomMode: 'free',
      view: zoomedAround(state.view, scale, anchor ?? { x: state.viewport.width / 2, y: state.viewport.height / 2 }),
    })),
  zoomBy: (factor, anchor) => get().zoomTo(get().view.scale * factor, anchor),
  panBy: (dx, dy) =>
    set((state) => ({
      zoomMode: 'free',
      view: { ...state.view, offsetX: state.view.offsetX + dx, offsetY: state.view.offsetY + dy },
    })),
  pinchBy: (factor, anchor, dx, dy) =>
    set((state) => {
      const view = zoomedAround(state.view, state.view.scale * factor, anchor);
      return { zoomMode: 'free', view: { ...view, offsetX: view.offsetX + dx, offsetY: view.offsetY + dy } };
    }),
  setShowOverflow: (showOverflow) => set({ showOverflow }),
  setKeepAspectRatio: (keepAspectRatio) => set({ keepAspectRatio }),
});
