import type { StateCreator } from 'zustand';
import type { BatchAnchor, Rect } from '../../core/index.ts';
import type { EditorState } from './editor-store.ts';
import { rememberedId, rememberId } from './remembered-id.ts';

const CURRENT_BATCH_KEY = 'composer.currentBatchId';

/** How a batch places its products: the anchor in the slot, and whether each is fitted or all share one scale. */
export interface BatchRule {
  anchor: BatchAnchor;
  sizing: 'fit' | 'same-scale';
  removeBackground: boolean;
}

/** A product added to the batch being prepared. */
export interface BatchDraftItem {
  key: string;
  name: string;
  /** An object URL of a local file (uploaded at Submit) or an http(s) URL. */
  url: string;
  /** Its natural size, once the preview has loaded it. */
  size: { width: number; height: number } | null;
  /** The user's own placement (canvas pixels), overriding the rule. */
  box: Rect | null;
}

export interface BatchSlice {
  batchItems: BatchDraftItem[];
  batchRule: BatchRule;
  /** The item whose placement is being adjusted. */
  adjustingBatchItem: string | null;
  /** The submitted batch the panel follows; kept across reloads. */
  currentBatchId: string | null;
  addBatchItems: (items: Array<Pick<BatchDraftItem, 'name' | 'url'>>) => void;
  removeBatchItem: (key: string) => void;
  clearBatchItems: () => void;
  setBatchItemSize: (key: string, size: { width: number; height: number }) => void;
  setBatchItemBox: (key: string, box: Rect | null) => void;
  setBatchRule: (rule: Partial<BatchRule>) => void;
  setAdjustingBatchItem: (key: string | null) => void;
  setCurrentBatchId: (id: string | null) => void;
}

let nextKey = 1;

export const createBatchSlice: StateCreator<EditorState, [], [], BatchSlice> = (set) => ({
  batchItems: [],
  batchRule: { anchor: 'bottom', sizing: 'fit', removeBackground: false },
  adjustingBatchItem: null,
  currentBatchId: rememberedId(CURRENT_BATCH_KEY),
  addBatchItems: (items) =>
    set((state) => ({ batchItems: [...state.batchItems, ...items.map((item) => ({ ...item, key: `item-${nextKey++}`, size: null, box: null }))] })),
  removeBatchItem: (key) =>
    set((state) => ({
      batchItems: state.batchItems.filter((item) => item.key !== key),
      adjustingBatchItem: state.adjustingBatchItem === key ? null : state.adjustingBatchItem,
    })),
  clearBatchItems: () => set({ batchItems: [], adjustingBatchItem: null }),
  setBatchItemSize: (key, size) => set((state) => ({ batchItems: state.batchItems.map((item) => (item.key === key ? { ...item, size } : item)) })),
  setBatchItemBox: (key, box) => set((state) => ({ batchItems: state.batchItems.map((item) => (item.key === key ? { ...item, box } : item)) })),
  setBatchRule: (rule) => set((state) => ({ batchRule: { ...state.batchRule, ...rule } })),
  setAdjustingBatchItem: (adjustingBatchItem) => set({ adjustingBatchItem }),
  setCurrentBatchId: (currentBatchId) => {
    rememberId(CURRENT_BATCH_KEY, currentBatchId);
    set({ currentBatchId });
  },
});
