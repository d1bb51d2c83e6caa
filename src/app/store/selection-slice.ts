import type { StateCreator } from 'zustand';
import type { LayerKind } from '../../core/index.ts';
import type { EditorState } from './editor-store.ts';

export interface SelectionSlice {
  selection: LayerKind | null;
  select: (kind: LayerKind | null) => void;
}

export const createSelectionSlice: StateCreator<EditorState, [], [], SelectionSlice> = (set, get) => ({
  selection: null,
  // Selecting a layer that is not there selects nothing rather than a ghost. Pressing the selected layer (the
  // start of every drag) changes nothing, so no subscriber hears of it.
  select: (kind) => {
    const selection = kind && get().document[kind] ? kind : null;
    if (selection !== get().selection) set({ selection });
  },
});
