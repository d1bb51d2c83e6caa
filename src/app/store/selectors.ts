import type { LayerKind } from '../../core/index.ts';
import type { EditorState } from './editor-store.ts';

export const selectDocument = (state: EditorState) => state.document;
export const selectCanvas = (state: EditorState) => state.document.canvas;
export const selectColorCode = (state: EditorState) => state.document.colorCode;
export const selectLayer = (kind: LayerKind) => (state: EditorState) => state.document[kind];
export const selectSelection = (state: EditorState) => state.selection;
export const selectView = (state: EditorState) => state.view;
export const selectZoomPercent = (state: EditorState) => Math.round(state.view.scale * 100);
export const selectShowOverflow = (state: EditorState) => state.showOverflow;
export const selectKeepAspectRatio = (state: EditorState) => state.keepAspectRatio;
export const selectCurrentJobId = (state: EditorState) => state.currentJobId;
export const selectViewedJobId = (state: EditorState) => state.viewedJobId;
export const selectZoomMode = (state: EditorState) => state.zoomMode;
export const selectToasts = (state: EditorState) => state.toasts;
export const selectContextMenu = (state: EditorState) => state.contextMenu;
export const selectHelpOpen = (state: EditorState) => state.helpOpen;
export const selectOpenPanel = (state: EditorState) => state.openPanel;
