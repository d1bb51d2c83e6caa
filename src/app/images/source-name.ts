import { isLocalFileUrl, localFileFor, uploadName } from './local-files.ts';

/** The name a person knows a layer's image by: the picked file's name, else the URL's host and (shortened) path. */
export function sourceName(url: string): string {
  if (isLocalFileUrl(url)) return localFileFor(url)?.name ?? 'local file';
  const name = uploadName(url);
  if (name) return name;
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.length > 32 ? `…${parsed.pathname.slice(-28)}` : parsed.pathname}`;
  } catch {
    return url;
  }
}
