import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.ts';

const CURRENT_JOB_KEY = 'composer.currentJobId';

function storedCurrentJob(): string | null {
  try {
    return globalThis.localStorage?.getItem(CURRENT_JOB_KEY) ?? null;
  } catch {
    return null;
  }
}

export interface JobSlice {
  /** The job the job panel follows; kept across reloads so a running job is followed again. */
  currentJobId: string | null;
  /** The job whose result is open in the result viewer. */
  viewedJobId: string | null;
  setCurrentJobId: (id: string | null) => void;
  viewJob: (id: string | null) => void;
}

export const createJobSlice: StateCreator<EditorState, [], [], JobSlice> = (set) => ({
  currentJobId: storedCurrentJob(),
  viewedJobId: null,
  setCurrentJobId: (currentJobId) => {
    try {
      if (currentJobId) localStorage.setItem(CURRENT_JOB_KEY, currentJobId);
      else localStorage.removeItem(CURRENT_JOB_KEY);
    } catch {
      // Private mode or no storage: the job is still followed until the page closes.
    }
    set({ currentJobId });
  },
  viewJob: (viewedJobId) => set({ viewedJobId }),
});
