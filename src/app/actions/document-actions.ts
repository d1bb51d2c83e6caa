import { emptyDocument } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import type { EditorAction } from './action.ts';

export const newDocument: EditorAction = {
  id: 'new-document',
  label: 'New composition',
  icon: 'New',
  title: 'Start a new composition',
  group: 'document',
  enabled: () => true,
  perform: ({ confirm }) => {
    if (!confirm('Start a new composition? The current one is replaced (Undo brings it back).')) return;
    const state = useEditorStore.getState();
    state.replaceDocument(emptyDocument(state.document.canvas));
    state.select(null);
  },
};
