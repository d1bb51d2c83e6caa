import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.ts';
import { rememberedId, rememberId } from './remembered-id.ts';

const CURRENT_JOB_KEY = 'composer.currentJobId';

export interface JobSlice {
  /** The job the job panel follows; kept across reloads so a running job is followed again. */
  currentJobId: string | null;
  /** The job whose result is open in the result viewer. */
  viewedJobId: string | null;
  setCurrentJobId: (id: string | null) => void;
  viewJob: (id: string | null) => void;
}

export const createJobSlice: StateCreator<EditorState, [], [], JobSlice> = (set) => ({
  currentJobId: rememberedId(CURRENT_JOB_KEY),
  viewedJobId: null,
  setCurrentJobId: (currentJobId) => {
    rememberId(CURRENT_JOB_KEY, currentJobId);
    set({ currentJobId });
  },
  viewJob: (viewedJobId) => set({ viewedJobId }),
});
