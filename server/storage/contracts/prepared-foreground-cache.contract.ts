import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CachedForeground } from '../../domain/cached-foreground.ts';
import type { PreparedForegroundCache } from '../prepared-foreground-cache.ts';

export interface OpenedPreparedForegroundCache {
  cache: PreparedForegroundCache;
  close(): Promise<void>;
}

const entry = (uploadId: string): CachedForeground => ({
  uploadId,
  subject: { x: 12, y: 8, width: 300, height: 420 },
  crop: { x: 0, y: 0, width: 324, height: 436 },
  source: { width: 1200, height: 900 },
  padding: { left: 4, top: 0, right: 4.5, bottom: 16 },
  halfTransparent: 0.031,
});

/** What every prepared-foreground cache must do; `open` makes a fresh, empty one for each test. */
export function preparedForegroundCacheContract(name: string, open: () => Promise<OpenedPreparedForegroundCache>): void {
  describe(`PreparedForegroundCache contract: ${name}`, () => {
    let opened: OpenedPreparedForegroundCache;
    let cache: PreparedForegroundCache;
    beforeEach(async () => {
      opened = await open();
      cache = opened.cache;
    });
    afterEach(() => opened.close());

    it('gives back an entry as stored under its key, and null for a key it does not hold', async () => {
      await cache.put('a'.repeat(64), entry('u1'));
      const { padding: _, ...withoutPadding } = entry('u2'); // as cached before effects existed
      await cache.put('b'.repeat(64), withoutPadding);
      expect(await cache.get('a'.repeat(64))).toEqual(entry('u1'));
      expect(await cache.get('b'.repeat(64))).toEqual(withoutPadding);
      expect(await cache.get('c'.repeat(64))).toBeNull();
    });

    it('a second entry under a key replaces the first, also when both are stored at once', async () => {
      await cache.put('k', entry('first'));
      await cache.put('k', entry('second'));
      expect((await cache.get('k'))?.uploadId).toBe('second');
      await Promise.all([cache.put('k', entry('x')), cache.put('k', entry('y'))]);
      expect(['x', 'y']).toContain((await cache.get('k'))?.uploadId);
    });
  });
}
