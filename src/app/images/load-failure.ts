import type { QueryClient } from '@tanstack/react-query';
import { httpStatusWords, mediaType, notAnImageWords } from '../../core/index.ts';
import { accessHeaders } from '../access/access-token-store.ts';
import { ApiError, apiFetch } from '../api/api-client.ts';
import { uploadQuery } from '../jobs/upload-query.ts';
import { localFileFor } from './local-files.ts';

const CANNOT_DECODE = 'this browser cannot decode the image';

/**
 * A picked file the browser could not decode: the server's upload check says why (it stores nothing it
 * refuses). The upload is the file's one upload (uploadQuery): one the server takes is not made again at Submit.
 */
async function whyFileFailed(url: string, queryClient: QueryClient): Promise<string> {
  const file = localFileFor(url);
  if (!file) return 'the file is no longer available in this tab: choose it again';
  try {
    await queryClient.fetchQuery(uploadQuery(url));
  } catch (error) {
    if (error instanceof ApiError && error.status !== 0) return error.message;
  }
  return CANNOT_DECODE;
}

/** A same-origin address: the browser's image load tells nothing, so ask again and read the status and type. */
async function whyAddressFailed(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: accessHeaders(), cache: 'no-store' });
  } catch {
    return 'the server cannot be reached: check that it is running';
  }
  void response.body?.cancel(); // only the status line and headers are wanted
  if (!response.ok) return httpStatusWords(response.status, response.statusText);
  const type = mediaType(response.headers.get('content-type'));
  if (!type?.startsWith('image/')) return notAnImageWords(type);
  return `${CANNOT_DECODE} (${type})`;
}

/** A remote address, fetched by the server's guarded `/api/fetch-image`: its JSON error says why. */
async function whyRemoteFailed(proxiedUrl: string): Promise<string> {
  try {
    await apiFetch<unknown>(proxiedUrl);
  } catch (error) {
    if (error instanceof Error) return error.message;
  }
  return CANNOT_DECODE;
}

/**
 * Why an image the browser was given did not load, in the words of whoever knows: the server for files and
 * remote URLs, the status line and content type for same-origin ones. Asked only after a failure (an image
 * element reports none), so loading costs nothing more when it works.
 */
export function whyImageFailed(url: string, loadedFrom: { proxiedUrl: string } | 'direct', queryClient: QueryClient): Promise<string> {
  if (url.startsWith('blob:')) return whyFileFailed(url, queryClient);
  if (url.startsWith('data:')) return Promise.resolve(CANNOT_DECODE);
  return loadedFrom === 'direct' ? whyAddressFailed(url) : whyRemoteFailed(loadedFrom.proxiedUrl);
}
