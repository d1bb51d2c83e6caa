import type { StateCreator } from 'zustand';
import type { BatchAnchor, Layer, LayerEffects, Rect } from '../../core/index.ts';
import { loadBatchDraft } from './batch-draft-storage.ts';
import type { EditorState } from './editor-store.ts';
import { rememberedId, rememberId } from './remembered-id.ts';

const CURRENT_BATCH_KEY = 'composer.currentBatchId';

/** How a batch places its products: the anchor in the slot, and whether each is fitted or all share one scale. */
export interface BatchRule {
  anchor: BatchAnchor;
  sizing: 'fit' | 'same-scale';
  removeBackground: boolean;
}

/** What the user set for one item in the editor, overriding the rule: where it is drawn, and its effects. */
export interface BatchOverride {
  /** The product's image on the canvas, in canvas pixels. */
  box: Rect;
  effects: LayerEffects | null;
}

/** A product added to the batch being prepared. */
export interface BatchDraftItem {
  key: string;
  name: string;
  /** Its server URL once uploaded (an http(s) URL from a list is one already); an object URL while it uploads. */
  url: string;
  /** Its natural size, once known (from the upload, or the preview for a listed URL). */
  size: { width: number; height: number } | null;
  /** The box of its visible pixels, which the rule fits (found in an added file); null or absent: the whole image. */
  subject?: Rect | null;
  override: BatchOverride | null;
  /** Why its file could not be uploaded: it cannot be part of the batch until added again. */
  problem?: string;
}

/** An item open in the editor: the layout's own foreground (the slot) waits here until it is done. */
export interface BatchEditing {
  key: string;
  layoutForeground: Layer;
}

/** The batch being prepared, as kept across reloads (batch-draft-storage.ts). */
export interface BatchDraft {
  items: BatchDraftItem[];
  rule: BatchRule;
  editing: BatchEditing | null;
}

export interface BatchSlice {
  batchItems: BatchDraftItem[];
  batchRule: BatchRule;
  batchEditing: BatchEditing | null;
  /** The submitted batch the panel follows; kept across reloads. */
  currentBatchId: string | null;
  /** Adds products; returns their keys, in order. */
  addBatchItems: (items: Array<Pick<BatchDraftItem, 'name' | 'url'>>) => string[];
  removeBatchItem: (key: string) => void;
  clearBatchItems: () => void;
  /** Its file is on the server now: the item names the server's copy. */
  setBatchItemUploaded: (key: string, url: string, size: { width: number; height: number }, subject: Rect | null) => void;
  setBatchItemProblem: (key: string, problem: string) => void;
  setBatchItemSize: (key: string, size: { width: number; height: number }) => void;
  setBatchItemOverride: (key: string, override: BatchOverride | null) => void;
  setBatchRule: (rule: Partial<BatchRule>) => void;
  setBatchEditing: (editing: BatchEditing | null) => void;
  setCurrentBatchId: (id: string | null) => void;
}

export const DEFAULT_BATCH_RULE: BatchRule = { anchor: 'bottom', sizing: 'fit', removeBackground: false };

let keyCount = 0;
// Unique across reloads too (keys are kept with the draft); crypto.randomUUID needs a secure context.
const newKey = () => `item-${Date.now().toString(36)}-${(keyCount++).toString(36)}`;

export const createBatchSlice: StateCreator<EditorState, [], [], BatchSlice> = (set) => {
  const draft = loadBatchDraft();
  const update = (key: string, change: (item: BatchDraftItem) => BatchDraftItem) =>
    set((state) => ({ batchItems: state.batchItems.map((item) => (item.key === key ? change(item) : item)) }));
  return {
    batchItems: draft?.items ?? [],
    batchRule: draft?.rule ?? DEFAULT_BATCH_RULE,
    batchEditing: draft?.editing ?? null,
    currentBatchId: rememberedId(CURRENT_BATCH_KEY),
    addBatchItems: (items) => {
      const added = items.map((item) => ({ ...item, key: newKey(), size: null, override: null }));
      set((state) => ({ batchItems: [...state.batchItems, ...added] }));
      return added.map((item) => item.key);
    },
    removeBatchItem: (key) => set((state) => ({ batchItems: state.batchItems.filter((item) => item.key !== key) })),
    clearBatchItems: () => set({ batchItems: [] }),
    setBatchItemUploaded: (key, url, size, subject) => update(key, (item) => ({ ...item, url, size, subject })),
    setBatchItemProblem: (key, problem) => update(key, (item) => ({ ...item, problem })),
    setBatchItemSize: (key, size) => update(key, (item) => (item.size?.width === size.width && item.size.height === size.height ? item : { ...item, size })),
    setBatchItemOverride: (key, override) => update(key, (item) => ({ ...item, override })),
    setBatchRule: (rule) => set((state) => ({ batchRule: { ...state.batchRule, ...rule } })),
    setBatchEditing: (batchEditing) => set({ batchEditing }),
    setCurrentBatchId: (currentBatchId) => {
      rememberId(CURRENT_BATCH_KEY, currentBatchId);
      set({ currentBatchId });
    },
  };
};
