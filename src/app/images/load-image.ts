/** Decodes an image element from a URL; rejects with a message a person can act on. */
function decode(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.decoding = 'async';
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error(`could not load an image from ${url}`));
    image.src = url;
  });
}

function isSameOriginOrLocal(url: string): boolean {
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

/**
 * Loads an image so that the canvas stays exportable (untainted) and the page's CSP (images only from this
 * origin) holds: same-origin URLs and local files directly, remote images through the server's guarded fetch.
 */
export async function loadImage(url: string): Promise<HTMLImageElement> {
  if (isSameOriginOrLocal(url)) return decode(url);
  try {
    return await decode(proxiedImageUrl(url));
  } catch {
    throw new Error(`could not load an image from ${url}: check that the address is right, reachable and an image`);
  }
}
