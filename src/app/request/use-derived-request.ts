import { useEditorStore } from '../store/editor-store.ts';
import { selectDocument } from '../store/selectors.ts';
import { deriveRequest, type DerivedRequest } from './derive-request.ts';

/** Each document's request, worked out once however many panels show it. */
const derived = new WeakMap<object, DerivedRequest>();

/** The live request of the current layout (recomputed only when the document changes). */
export function useDerivedRequest(): DerivedRequest {
  const document = useEditorStore(selectDocument);
  let request = derived.get(document);
  if (!request) derived.set(document, (request = deriveRequest(document)));
  return request;
}
