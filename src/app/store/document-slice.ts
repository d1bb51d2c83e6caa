import type { StateCreator } from 'zustand';
import {
  MAX_SIDE,
  applyMarketplacePreset,
  coverPlacement,
  emptyDocument,
  fitPlacement,
  layerForCanvas,
  marketplacePreset,
  type Layer,
  type CompositionDocument,
  type ImageSource,
  type LayerEffects,
  type LayerKind,
  type Rect,
  type Size,
} from '../../core/index.ts';
import type { EditorState } from './editor-store.ts';

/** A run of consecutive canvas size changes: the document before the first, and the one the last produced. */
export interface CanvasSizeRun {
  before: CompositionDocument;
  after: CompositionDocument;
}

export interface DocumentSlice {
  document: CompositionDocument;
  /** Not part of the history: where the current run of canvas size changes started (see setCanvasSize). */
  canvasSizeRun: CanvasSizeRun | null;
  /** Replaces the whole document (import, restoring a job). */
  replaceDocument: (document: CompositionDocument) => void;
  /**
   * Resizes the canvas; each layer follows (`layerForCanvas`: a covering layer keeps covering, one inside stays
   * inside). Consecutive changes are all worked out from the document before the first of them, so going
   * through several sizes and back gives that layout back exactly, with no rounding drift.
   */
  setCanvasSize: (size: Size) => void;
  setColorCode: (colorCode: string | null) => void;
  /**
   * Applies a marketplace preset (canvas, background, the foreground's subject fitted and centred) in one undo
   * step, or with null stops checking a marketplace's rules (the layout stays as it is). `foregroundSource`: the
   * foreground's source with the subject found in its pixels, used when it is still the foreground's.
   */
  setMarketplace: (id: string | null, foregroundSource?: ImageSource) => void;
  /** Puts an image into a layer, placed as a user expects: a template covers the canvas, a foreground fits inside. */
  setLayerSource: (kind: LayerKind, source: ImageSource) => void;
  /** Moves and/or resizes a layer; values are rounded to whole canvas pixels, sizes kept within 1..MAX_SIDE. */
  setLayerRect: (kind: LayerKind, rect: Partial<Rect>) => void;
  removeLayer: (kind: LayerKind) => void;
  /** Sets a layer's shadows and reflection (none: the field goes, so a layer without effects stays as it was). */
  setLayerEffects: (kind: LayerKind, effects: LayerEffects) => void;
  /** Points a layer at another copy of the same image (a local file once uploaded); placement unchanged. */
  relocateLayerSource: (kind: LayerKind, source: ImageSource) => void;
}

const clampSide = (value: number) => Math.min(MAX_SIDE, Math.max(1, Math.round(value)));

export const createDocumentSlice: StateCreator<EditorState, [], [], DocumentSlice> = (set) => ({
  document: emptyDocument(),
  canvasSizeRun: null,
  replaceDocument: (document) => set({ document }),
  setCanvasSize: (size) =>
    set((state) => {
      const to = { width: clampSide(size.width), height: clampSide(size.height) };
      const current = state.document;
      if (to.width === current.canvas.width && to.height === current.canvas.height) return {};
      // Still the document the last canvas change made (no edit, undo or load since): continue that run.
      const run = state.canvasSizeRun;
      const before = run && run.after === current ? run.before : current;
      const { canvas: from } = before;
      const follow = (layer: Layer | null) => layer && { ...layer, ...layerForCanvas(layer, layer.source, from, to) };
      const document =
        to.width === from.width && to.height === from.height
          ? before
          : { ...before, canvas: to, template: follow(before.template), foreground: follow(before.foreground) };
      return { document, canvasSizeRun: { before, after: document } };
    }),
  // An unchanged colour keeps the document as it is, so it makes no empty undo step.
  setColorCode: (colorCode) =>
    set((state) => (state.document.colorCode === colorCode ? {} : { document: { ...state.document, colorCode } })),
  setMarketplace: (id, foregroundSource) =>
    set((state) => {
      const preset = id === null ? undefined : marketplacePreset(id);
      const layer = state.document.foreground;
      const foreground = layer && foregroundSource?.url === layer.source.url ? { ...layer, source: foregroundSource } : layer;
      if (preset) return { document: applyMarketplacePreset({ ...state.document, foreground }, preset) };
      if (state.document.marketplace === undefined) return {};
      const { marketplace: _dropped, ...document } = state.document;
      return { document };
    }),
  setLayerSource: (kind, source) =>
    set((state) => {
      const { canvas } = state.document;
      const placement = kind === 'template' ? coverPlacement(source, canvas) : fitPlacement(source, canvas);
      return { document: { ...state.document, [kind]: { source, ...placement } }, selection: kind };
    }),
  setLayerRect: (kind, rect) =>
    set((state) => {
      const layer = state.document[kind];
      if (!layer) return {};
      const next = {
        ...layer,
        x: rect.x === undefined ? layer.x : Math.round(rect.x),
        y: rect.y === undefined ? layer.y : Math.round(rect.y),
        width: rect.width === undefined ? layer.width : clampSide(rect.width),
        height: rect.height === undefined ? layer.height : clampSide(rect.height),
      };
      const unchanged =
        next.x === layer.x && next.y === layer.y && next.width === layer.width && next.height === layer.height;
      return unchanged ? {} : { document: { ...state.document, [kind]: next } };
    }),
  setLayerEffects: (kind, effects) =>
    set((state) => {
      const layer = state.document[kind];
      if (!layer) return {};
      const { effects: _previous, ...rest } = layer;
      const next = effects.shadows.length > 0 || effects.reflection ? { ...rest, effects } : rest;
      return { document: { ...state.document, [kind]: next } };
    }),
  relocateLayerSource: (kind, source) =>
    set((state) => {
      const layer = state.document[kind];
      return layer ? { document: { ...state.document, [kind]: { ...layer, source } } } : {};
    }),
  removeLayer: (kind) =>
    set((state) => ({
      document: { ...state.document, [kind]: null },
      selection: state.selection === kind ? null : state.selection,
    })),
});
