import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Rect } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { imageSubjectQuery, sourceWithSubject } from './image-subject-query.ts';

/**
 * Writes the subject found in the foreground's pixels into its source. A fact about the image, not an edit:
 * it makes no undo step (an undo to before it finds it again, from the cache).
 */
function recordSubject(url: string, subject: Rect): void {
  const { document, replaceDocument } = useEditorStore.getState();
  const layer = document.foreground;
  if (!layer || layer.source.url !== url || layer.source.subject) return;
  const history = useEditorStore.temporal.getState();
  history.pause();
  try {
    replaceDocument({ ...document, foreground: { ...layer, source: { ...layer.source, subject } } });
  } finally {
    history.resume();
  }
}

/**
 * Finds the subject of a foreground that is not a server cut-out (a transparent PNG with margins around the
 * product), so that marketplace fill is measured and fitted on the product, not on the image's box.
 */
export function useForegroundSubject(): void {
  const source = useEditorStore((state) => state.document.foreground?.source);
  const url = source && !source.subject ? source.url : null;
  const found = useQuery({ ...imageSubjectQuery(url ?? ''), enabled: url !== null });
  useEffect(() => {
    if (url && found.data) recordSubject(url, found.data);
  }, [url, found.data]);
}

/** Makes sure the foreground's subject is known before something is fitted to it (a preset chosen at once). */
export async function ensureForegroundSubject(queryClient: QueryClient): Promise<void> {
  const source = useEditorStore.getState().document.foreground?.source;
  if (!source || source.subject) return;
  const { subject } = await sourceWithSubject(queryClient, source);
  if (subject) recordSubject(source.url, subject);
}
