import { isLocalFileUrl, localFileFor } from './local-files.ts';

/**
 * The name a person knows a layer's image by: the picked file's name (also once it is an upload of this server,
 * `uploadedName`, which the server keeps), else the URL's host and (shortened) path.
 */
export function sourceName(url: string, uploadedName?: string | null): string {
  if (isLocalFileUrl(url)) return localFileFor(url)?.name ?? 'local file';
  if (uploadedName) return uploadedName;
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.length > 32 ? `…${parsed.pathname.slice(-28)}` : parsed.pathname}`;
  } catch {
    return url;
  }
}
