import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useEditorStore } from '../store/editor-store.ts';
import { imageSubjectQuery } from './image-subject-query.ts';

/**
 * Looks for the subject of a foreground that is not a server cut-out (a transparent PNG with margins around the
 * product) as soon as it is placed, so that fitting it and measuring its fill find the product, not the image's
 * box. The answer is cached by URL; the document takes it only with an edit that fits the product (a preset, Fit
 * product), so a search finishing never changes the document by itself.
 */
export function useForegroundSubject(): void {
  const source = useEditorStore((state) => state.document.foreground?.source);
  const url = source && !source.subject ? source.url : null;
  useQuery({ ...imageSubjectQuery(url ?? ''), enabled: url !== null });
}

/** Waits for the foreground's subject search, so a preset chosen right after a load fits the product. */
export async function ensureForegroundSubject(queryClient: QueryClient): Promise<void> {
  const source = useEditorStore.getState().document.foreground?.source;
  if (!source || source.subject) return;
  try {
    await queryClient.fetchQuery(imageSubjectQuery(source.url));
  } catch {
    // An image that cannot be read again is fitted by its box.
  }
}
