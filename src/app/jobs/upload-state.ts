import type { QueryState } from '@tanstack/react-query';
import type { UploadView } from '../api/api-types.ts';

/** Where the upload of a local file stands, as the request panel and the layer card tell it. */
export type UploadState =
  | { kind: 'waiting' }
  | { kind: 'uploading' }
  | { kind: 'uploaded'; upload: UploadView }
  | { kind: 'failed'; message: string };

/** The state of an upload query (`uploadQuery`), read from its cache entry or from `useQuery`. */
export function uploadStateOf(query: Pick<QueryState<UploadView, Error>, 'data' | 'error' | 'fetchStatus' | 'status'> | undefined): UploadState {
  if (!query) return { kind: 'waiting' };
  // A retry (Submit tries a failed upload again) is uploading, whatever the last attempt gave.
  if (query.fetchStatus === 'fetching') return { kind: 'uploading' };
  if (query.status === 'success' && query.data) return { kind: 'uploaded', upload: query.data };
  if (query.status === 'error') return { kind: 'failed', message: query.error?.message ?? 'the upload failed' };
  return { kind: 'waiting' };
}
