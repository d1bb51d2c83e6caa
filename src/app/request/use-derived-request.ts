import { useQueries, useQuery } from '@tanstack/react-query';
import { hasEffects, type CompositionDocument } from '../../core/index.ts';
import { solidRowsQuery } from '../effects/solid-rows-query.ts';
import { localFileUrls } from '../images/local-files.ts';
import { uploadQuery } from '../jobs/upload-query.ts';
import { uploadStateOf, type UploadState } from '../jobs/upload-state.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectDocument } from '../store/selectors.ts';
import { deriveRequest, type DerivedRequest } from './derive-request.ts';

/** Each document's request, worked out once however many panels show it (again when an upload moves on). */
const derived = new WeakMap<CompositionDocument, { inputs: string; request: DerivedRequest }>();

/**
 * The live request of the current layout: recomputed when the document changes, or when the upload of one of
 * its local files moves on, so that the body names the server's copy the moment it is there.
 */
export function useDerivedRequest(): DerivedRequest {
  const document = useEditorStore(selectDocument);
  const urls = localFileUrls(document);
  // Reads the uploads the placing started; never starts one (Submit does when none ran).
  const states = useQueries({
    queries: urls.map((url) => ({ ...uploadQuery(url), enabled: false })),
    combine: (results) => results.map(uploadStateOf),
  });
  const byUrl = new Map<string, UploadState>(urls.map((url, index) => [url, states[index]!]));
  // With effects, the body is the baked foreground's, placed by the subject's rows at full size.
  const foreground = document.foreground;
  const rows = useQuery({ ...solidRowsQuery(foreground?.source.url ?? ''), enabled: Boolean(foreground) && hasEffects(foreground?.effects) });
  const foregroundRows = rows.isSuccess ? { rows: rows.data } : undefined;
  const inputs = JSON.stringify([states, foregroundRows]);
  let entry = derived.get(document);
  if (!entry || entry.inputs !== inputs) {
    entry = { inputs, request: deriveRequest(document, (url) => byUrl.get(url) ?? { kind: 'waiting' }, foregroundRows) };
    derived.set(document, entry);
  }
  return entry.request;
}
