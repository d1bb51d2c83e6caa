import type { QueryClient } from '@tanstack/react-query';
import { imageProblem } from '../../core/index.ts';
import { whyImageFailed } from './load-failure.ts';
import { localFileFor } from './local-files.ts';

/** Decodes an image element from a URL; an image element tells nothing of why it failed. */
function decode(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.decoding = 'async';
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error(`could not load an image from ${url}`));
    image.src = url;
  });
}

export function isSameOriginOrLocal(url: string): boolean {
  if (url.startsWith('blob:') || url.startsWith('data:')) return true;
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

/** The same-origin address through which this app's server fetches a remote image for the canvas. */
export function proxiedImageUrl(url: string): string {
  return `/api/fetch-image?url=${encodeURIComponent(url)}`;
}

/** What a person knows an image by: a picked file's name, else the URL as given. */
function imageSubject(url: string): string {
  if (url.startsWith('blob:')) return localFileFor(url)?.name ?? 'the image';
  if (url.startsWith('data:')) return 'the pasted image';
  return url;
}

/**
 * Loads an image so that the canvas stays exportable (untainted) and the page's CSP (images only from this
 * origin) holds: same-origin URLs and local files directly, remote images through the server's guarded fetch.
 * A failure says what failed and why ("bottle.png: the file is not a PNG…", "https://…/x.png: … answered
 * HTTP 404 Not Found").
 */
export async function loadImage(url: string, queryClient: QueryClient): Promise<HTMLImageElement> {
  const direct = isSameOriginOrLocal(url);
  const proxiedUrl = direct ? null : proxiedImageUrl(url);
  try {
    return await decode(proxiedUrl ?? url);
  } catch {
    const reason = await whyImageFailed(url, proxiedUrl ? { proxiedUrl } : 'direct', queryClient);
    throw new Error(imageProblem(imageSubject(url), reason));
  }
}
