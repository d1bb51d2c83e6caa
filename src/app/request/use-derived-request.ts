import { useMemo } from 'react';
import { useEditorStore } from '../store/editor-store.ts';
import { selectDocument } from '../store/selectors.ts';
import { deriveRequest } from './derive-request.ts';

/** The live request of the current layout (recomputed only when the document changes). */
export function useDerivedRequest() {
  const document = useEditorStore(selectDocument);
  return useMemo(() => deriveRequest(document), [document]);
}
