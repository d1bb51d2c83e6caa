import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache.ts';

describe('LruCache', () => {
  it('keeps the most recently used entries within its byte cap', () => {
    const cache = new LruCache<string>(100);
    cache.set('a', 'A', 40);
    cache.set('b', 'B', 40);
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('c', 'C', 40); // over the cap: b, the least recent, goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.bytes).toBe(80);
  });

  it('refuses an entry larger than the cap, and replaces an entry under the same key', () => {
    const cache = new LruCache<string>(100);
    cache.set('big', 'X', 101);
    expect(cache.get('big')).toBeUndefined();
    cache.set('a', 'A', 30);
    cache.set('a', 'A2', 50);
    expect(cache.get('a')).toBe('A2');
    expect(cache.bytes).toBe(50);
  });

  it('tells of every entry that leaves: evicted, replaced, deleted or cleared', () => {
    const dropped: string[] = [];
    const cache = new LruCache<string>(100, (value) => dropped.push(value));
    cache.set('a', 'A', 60);
    cache.set('b', 'B', 30);
    cache.set('b', 'B2', 30); // replaced
    cache.set('c', 'C', 30); // a goes
    expect(dropped).toEqual(['B', 'A']);
    expect(cache.set('huge', 'H', 101)).toBe(false); // never kept, so never dropped
    cache.delete('c');
    expect(dropped).toEqual(['B', 'A', 'C']);
    expect(cache.bytes).toBe(30);
    cache.clear();
    expect(dropped.sort()).toEqual(['A', 'B', 'B2', 'C']);
  });
});
