/** The largest side, in pixels, that any canvas or layer size may have. Akool publishes no limit; this keeps
 * a render within memory (8192 x 8192 RGBA is 256 MiB) and is the same in the editor and on the server. */
export const MAX_SIDE = 8192;

export interface Size {
  width: number;
  height: number;
}

const SIZE_PATTERN = /^([1-9][0-9]*)x([1-9][0-9]*)$/;

/** Parses Akool's "WxH" (e.g. "3840x3840"): positive integers, a lower-case x, nothing else.
 * Returns null for anything else; the limit on each side is checked by the request schema, not here, so that
 * "100000000x10" is reported as too large rather than as badly written. */
export function parseSize(text: string): Size | null {
  const match = SIZE_PATTERN.exec(text);
  if (!match) return null;
  return { width: Number(match[1]), height: Number(match[2]) };
}

export function formatSize(width: number, height: number): string {
  return `${width}x${height}`;
}
