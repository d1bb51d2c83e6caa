import { useStore } from 'zustand';
import { useEditorStore } from './store/editor-store.ts';

export const undo = () => useEditorStore.temporal.getState().undo();
export const redo = () => useEditorStore.temporal.getState().redo();

/** Runs a document change without making it an undo step of its own (it joins the step before it). */
export function withoutHistory(change: () => void): void {
  const history = useEditorStore.temporal.getState();
  history.pause();
  try {
    change();
  } finally {
    history.resume();
  }
}

export function useHistoryAvailability(): { canUndo: boolean; canRedo: boolean } {
  const canUndo = useStore(useEditorStore.temporal, (state) => state.pastStates.length > 0);
  const canRedo = useStore(useEditorStore.temporal, (state) => state.futureStates.length > 0);
  return { canUndo, canRedo };
}
