import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { loadSampleDocument } from './sample-document.ts';
import { useEditorStore } from './store/editor-store.ts';

let started = false;

/** Lays out the sample composition once when the editor opens empty; loading it is not an undo step. */
export function useFirstStart(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (started) return;
    started = true;
    if (useEditorStore.getState().document.foreground) return;
    loadSampleDocument(queryClient)
      .then((document) => {
        if (useEditorStore.getState().document.foreground) return;
        useEditorStore.getState().replaceDocument(document);
        useEditorStore.temporal.getState().clear();
      })
      .catch((error: Error) => console.warn(`sample composition not loaded: ${error.message}`));
  }, [queryClient]);
}
