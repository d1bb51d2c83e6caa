import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { localFileUrls } from '../images/local-files.ts';
import { uploadQuery } from '../jobs/upload-query.ts';
import { loadSampleDocument } from '../sample-document.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { decodeDraft } from './draft-codec.ts';
import { loadDraft, saveDraft } from './draft-database.ts';
import { encodeDraft } from './draft-codec.ts';

/** How long the document must rest before it is saved: a drag or a typed value saves once. */
export const AUTOSAVE_DELAY_MS = 400;

let startup: Promise<void> | null = null;

/**
 * Opens the editor on the saved draft, images included, or on the sample composition the very first time; then
 * saves the document, debounced, whenever it changes. Loading is not an undo step.
 */
export function useStartupDocument(): boolean {
  const queryClient = useQueryClient();
  const [ready, setReady] = useState(false);

  useEffect(() => {
    startup ??= (async () => {
      const draft = await loadDraft().catch(() => undefined);
      const document = draft ? decodeDraft(draft) : await loadSampleDocument(queryClient).catch(() => null);
      if (document) useEditorStore.getState().replaceDocument(document);
      // A restored local file uploads again at once, as a file just picked does, so the request can name it.
      for (const url of document ? localFileUrls(document) : []) void queryClient.prefetchQuery(uploadQuery(url));
      useEditorStore.temporal.getState().clear();
    })();
    let unsubscribe = () => {};
    let timer: number | undefined;
    void startup.then(() => {
      setReady(true);
      unsubscribe = useEditorStore.subscribe((state, previous) => {
        if (state.document === previous.document) return;
        window.clearTimeout(timer);
        timer = window.setTimeout(() => {
          saveDraft(encodeDraft(useEditorStore.getState().document)).catch((error: Error) =>
            console.warn(`draft not saved: ${error.message}`),
          );
        }, AUTOSAVE_DELAY_MS);
      });
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [queryClient]);
  return ready;
}
