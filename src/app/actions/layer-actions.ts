import { useEditorStore } from '../store/editor-store.ts';
import type { EditorAction } from './action.ts';

export const removeLayer: EditorAction = {
  id: 'remove-layer',
  label: 'Remove the layer',
  group: 'layer',
  keys: { bindings: [{ key: 'Delete' }, { key: 'Backspace' }], label: 'Delete / Backspace', help: 'Remove the selected layer' },
  enabled: (state) => Boolean(state.selection && state.document[state.selection]),
  perform: () => {
    const { selection, removeLayer } = useEditorStore.getState();
    if (selection) removeLayer(selection);
  },
};
