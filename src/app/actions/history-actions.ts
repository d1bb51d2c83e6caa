import { redo as redoChange, undo as undoChange } from '../history.ts';
import type { EditorAction } from './action.ts';

export const undo: EditorAction = {
  id: 'undo',
  label: 'Undo',
  icon: '↶',
  group: 'history',
  keys: { bindings: [{ key: 'z', mod: true, shift: false }], label: 'Ctrl/⌘ + Z' },
  enabled: (_state, history) => history.canUndo,
  perform: () => undoChange(),
};

export const redo: EditorAction = {
  id: 'redo',
  label: 'Redo',
  icon: '↷',
  group: 'history',
  keys: {
    bindings: [
      { key: 'z', mod: true, shift: true },
      { key: 'y', mod: true, shift: false },
    ],
    label: 'Ctrl/⌘ + Shift + Z, Ctrl/⌘ + Y',
  },
  enabled: (_state, history) => history.canRedo,
  perform: () => redoChange(),
};
