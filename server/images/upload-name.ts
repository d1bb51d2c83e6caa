/** The longest file name kept with an upload, in characters (the extension is kept when a name is cut). */
export const MAX_UPLOAD_NAME_LENGTH = 120;

// Control characters (C0, DEL, C1) and the bidirectional overrides that can make "gnp.exe" read "exe.png".
const UNSHOWABLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The name a client gave an uploaded file, fit to show back to people: its last path segment, without control
 * or direction-changing characters, trimmed, at most MAX_UPLOAD_NAME_LENGTH characters. Null when nothing is
 * left. Only ever shown (the file is stored under its id), never used as a path.
 */
export function uploadName(raw: string | undefined): string | null {
  if (!raw) return null;
  const base = raw.replace(UNSHOWABLE, '').split(/[/\\]/).pop()!.trim();
  if (!base || base === '.' || base === '..') return null;
  const characters = [...base];
  if (characters.length <= MAX_UPLOAD_NAME_LENGTH) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 && base.length - dot <= 10 ? [...base.slice(dot)] : [];
  return characters.slice(0, MAX_UPLOAD_NAME_LENGTH - extension.length - 1).join('') + '…' + extension.join('');
}
