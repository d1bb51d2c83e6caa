import type { StateCreator } from 'zustand';
import type { LayerKind } from '../../core/index.ts';
import type { EditorState } from './editor-store.ts';

export interface SelectionSlice {
  selection: LayerKind | null;
  select: (kind: LayerKind | null) => void;
}

export const createSelectionSlice: StateCreator<EditorState, [], [], SelectionSlice> = (set, get) => ({
  selection: null,
  // Selecting a layer that is not there selects nothing rather than a ghost.
  select: (kind) => set({ selection: kind && get().document[kind] ? kind : null }),
});
