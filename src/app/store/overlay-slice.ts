import type { StateCreator } from 'zustand';
import type { LayerKind } from '../../core/index.ts';
import type { PanelId } from '../PanelTabs.tsx';
import type { EditorState } from './editor-store.ts';

/** An open context menu: where it is (client CSS px) and what it acts on (a layer, or the empty canvas). */
export interface ContextMenuState {
  x: number;
  y: number;
  target: LayerKind | null;
}

/**
 * What floats over the editor: the context menu, the shortcut list, and the panel a narrow screen shows in its
 * sheet (wide screens show them all). Not part of the document's history.
 */
export interface OverlaySlice {
  contextMenu: ContextMenuState | null;
  helpOpen: boolean;
  /** The before/after look at the foreground cut-out's edge (cutout/EdgeCompareDialog.tsx). */
  edgeCompareOpen: boolean;
  openContextMenu: (menu: ContextMenuState) => void;
  closeContextMenu: () => void;
  setHelpOpen: (open: boolean) => void;
  setEdgeCompareOpen: (open: boolean) => void;
  openPanel: PanelId | null;
  /** Opens the panel, or closes it when it is the open one (its tab pressed again). */
  togglePanel: (panel: PanelId) => void;
  closePanel: () => void;
}

export const createOverlaySlice: StateCreator<EditorState, [], [], OverlaySlice> = (set) => ({
  contextMenu: null,
  helpOpen: false,
  openContextMenu: (contextMenu) => set({ contextMenu }),
  closeContextMenu: () => set({ contextMenu: null }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  edgeCompareOpen: false,
  setEdgeCompareOpen: (edgeCompareOpen) => set({ edgeCompareOpen }),
  openPanel: null,
  togglePanel: (panel) => set((state) => ({ openPanel: state.openPanel === panel ? null : panel })),
  closePanel: () => set({ openPanel: null }),
});
