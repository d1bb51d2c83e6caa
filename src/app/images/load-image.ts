/** Decodes an image element from a URL; rejects with a message a person can act on. */
function decode(url: string, crossOrigin: boolean): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    if (crossOrigin) image.crossOrigin = 'anonymous';
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
 * Loads an image so that the canvas stays exportable (untainted): same-origin and local files directly,
 * remote images with CORS, and through the server's guarded fetch when the remote host does not allow CORS.
 */
export async function loadImage(url: string): Promise<HTMLImageElement> {
  if (isSameOriginOrLocal(url)) return decode(url, false);
  try {
    return await decode(url, true);
  } catch {
    try {
      return await decode(proxiedImageUrl(url), false);
    } catch {
      throw new Error(`could not load an image from ${url}: check that the address is right and is an image`);
    }
  }
}
