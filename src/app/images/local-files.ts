import type { CompositionDocument } from '../../core/index.ts';

/**
 * Images the user picked, dropped or pasted stay in the browser as object URLs until a job is submitted;
 * this keeps the File behind each URL so it can be uploaded then.
 */
const filesByUrl = new Map<string, File>();

export function registerLocalFile(file: File): string {
  const url = URL.createObjectURL(file);
  filesByUrl.set(url, file);
  return url;
}

export function localFileFor(url: string): File | undefined {
  return filesByUrl.get(url);
}

export function isLocalFileUrl(url: string): boolean {
  return url.startsWith('blob:');
}

/** The object URLs of the document's local files. */
export function localFileUrls(document: CompositionDocument): string[] {
  return [document.foreground, document.template]
    .map((layer) => layer?.source.url)
    .filter((url): url is string => url !== undefined && isLocalFileUrl(url));
}
