import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../api/api-client.ts';
import type { UploadView } from '../api/api-types.ts';

const UPLOAD_PATH = /\/api\/uploads\/([0-9a-f]{24})$/;

/** The id of an upload of this server that a URL names, or null when it names none. */
export function uploadIdOf(url: string): string | null {
  try {
    return UPLOAD_PATH.exec(new URL(url, window.location.href).pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * What the server knows about an upload, its original file name included, by the upload's URL: the layer card
 * names a layer by the file the user picked, also when the layout came back from the history or a draft.
 */
export const uploadInfoQuery = (url: string) =>
  queryOptions({
    queryKey: ['upload-info', url],
    queryFn: ({ signal }) => apiFetch<UploadView>(`/api/uploads/${uploadIdOf(url)}/info`, { signal }),
    enabled: uploadIdOf(url) !== null,
    staleTime: Infinity,
    retry: false,
  });
