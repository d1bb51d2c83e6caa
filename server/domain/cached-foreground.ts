import type { Rect } from '../../src/core/index.ts';

/** What a prepared foreground answered, kept so the same photo with the same options is not removed again. */
export interface CachedForeground {
  uploadId: string;
  subject: Rect;
  crop: Rect;
  source: { width: number; height: number };
  /** Absent in entries cached before effects existed (no effects: no padding). */
  padding?: { left: number; top: number; right: number; bottom: number };
  /**
   * Half-transparent pixels per mostly opaque one; null when not measured (no removal). Always present: the
   * cache key holds the cut-out's version, so no entry from before the measure is read.
   */
  halfTransparent: number | null;
}
