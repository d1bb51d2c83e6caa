import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.ts';

/** A short message at the bottom of the window (src/app/toasts/ToastRegion.tsx), e.g. "Job deleted — Undo". */
export interface Toast {
  id: number;
  message: string;
  /** One button beside the message (e.g. Undo); the toast closes when it has run. */
  action?: { label: string; run: () => Promise<void> };
  /**
   * The toast takes the focus when it shows: for an action that removed the focused element (a deleted job's
   * Delete button), so that the keyboard is not left on the page body and Undo is one Enter away.
   */
  takeFocus?: boolean;
  /** The element (by id) that gets the focus when the toast closes while it holds it. */
  returnFocusTo?: string;
}

export interface ToastSlice {
  /** Oldest first. */
  toasts: Toast[];
  /** Shows a toast and returns its id. */
  showToast: (toast: Omit<Toast, 'id'>) => number;
  dismissToast: (id: number) => void;
}

let nextToastId = 1;

export const createToastSlice: StateCreator<EditorState, [], [], ToastSlice> = (set) => ({
  toasts: [],
  showToast: (toast) => {
    const id = nextToastId++;
    set((state) => ({ toasts: [...state.toasts, { ...toast, id }] }));
    return id;
  },
  dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
});
