import type { StateCreator } from 'zustand';
import type { ViewTransform } from '../../core/index.ts';
import type { EditorState } from './editor-store.ts';

export interface ViewSlice {
  /** Where the canvas is on screen: CSS pixels per canvas pixel and the offset of canvas (0,0) in the stage. */
  view: ViewTransform;
  /** Parts of layers outside the canvas are drawn dimmed (true) or not at all (false). */
  showOverflow: boolean;
  /** New layers' width/height fields keep the image's aspect ratio when one of them is typed. */
  keepAspectRatio: boolean;
  setView: (view: ViewTransform) => void;
  setShowOverflow: (show: boolean) => void;
  setKeepAspectRatio: (keep: boolean) => void;
}

export const createViewSlice: StateCreator<EditorState, [], [], ViewSlice> = (set) => ({
  view: { scale: 1, offsetX: 0, offsetY: 0 },
  showOverflow: true,
  keepAspectRatio: true,
  setView: (view) => set({ view }),
  setShowOverflow: (showOverflow) => set({ showOverflow }),
  setKeepAspectRatio: (keepAspectRatio) => set({ keepAspectRatio }),
});
