import type { StateCreator } from 'zustand';
import type { LayerKind } from '../../core/index.ts';
import type { EditorState } from './editor-store.ts';

/** An open context menu: where it is (client CSS px) and what it acts on (a layer, or the empty canvas). */
export interface ContextMenuState {
  x: number;
  y: number;
  target: LayerKind | null;
}

/** What floats over the editor: the context menu and the shortcut list. Not part of the document's history. */
export interface OverlaySlice {
  contextMenu: ContextMenuState | null;
  helpOpen: boolean;
  openContextMenu: (menu: ContextMenuState) => void;
  closeContextMenu: () => void;
  setHelpOpen: (open: boolean) => void;
}

export const createOverlaySlice: StateCreator<EditorState, [], [], OverlaySlice> = (set) => ({
  contextMenu: null,
  helpOpen: false,
  openContextMenu: (contextMenu) => set({ contextMenu }),
  closeContextMenu: () => set({ contextMenu: null }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
});
