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

/** The picked file's name, by the server URL of its upload: the layer card keeps showing the name the user knows. */
const namesByUploadUrl = new Map<string, string>();

export function rememberUploadName(uploadUrl: string, name: string): void {
  namesByUploadUrl.set(uploadUrl, name);
}

export function uploadName(uploadUrl: string): string | undefined {
  return namesByUploadUrl.get(uploadUrl);
}
