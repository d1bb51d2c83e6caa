import { temporal } from 'zundo';
import { create } from 'zustand';
import { saveBatchDraft } from './batch-draft-storage.ts';
import { createBatchSlice, type BatchSlice } from './batch-slice.ts';
import { createDocumentSlice, type DocumentSlice } from './document-slice.ts';
import { createJobSlice, type JobSlice } from './job-slice.ts';
import { createOverlaySlice, type OverlaySlice } from './overlay-slice.ts';
import { createSelectionSlice, type SelectionSlice } from './selection-slice.ts';
import { createToastSlice, type ToastSlice } from './toast-slice.ts';
import { createViewSlice, type ViewSlice } from './view-slice.ts';

export type EditorState = DocumentSlice & SelectionSlice & ViewSlice & JobSlice & ToastSlice & OverlaySlice & BatchSlice;

/** How many document changes undo can walk back. */
export const HISTORY_LIMIT = 100;

/**
 * The editor's one store. History records the document only: selection and view changes are not undo steps,
 * and a drag or resize commits once, at its end, so it is one step.
 */
export const useEditorStore = create<EditorState>()(
  temporal(
    (...args) => ({
      ...createDocumentSlice(...args),
      ...createSelectionSlice(...args),
      ...createViewSlice(...args),
      ...createJobSlice(...args),
      ...createToastSlice(...args),
      ...createOverlaySlice(...args),
      ...createBatchSlice(...args),
    }),
    {
      limit: HISTORY_LIMIT,
      partialize: (state) => ({ document: state.document }),
      equality: (past, current) => past.document === current.document,
    },
  ),
);

// The batch being prepared survives a reload: kept whenever its items, rule or the item open in the editor change.
useEditorStore.subscribe((state, previous) => {
  if (state.batchItems === previous.batchItems && state.batchRule === previous.batchRule && state.batchEditing === previous.batchEditing) return;
  saveBatchDraft({ items: state.batchItems, rule: state.batchRule, editing: state.batchEditing });
});
