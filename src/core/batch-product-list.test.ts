import { describe, expect, it } from 'vitest';
import { nameFromUrl, parseProductList } from './batch-product-list.ts';

describe('parseProductList', () => {
  it('reads plain URLs and CSV lines with names, skipping a header and blank lines', () => {
    const reading = parseProductList('url,name\nhttps://cdn.example.com/a/mug.png\n\nhttps://cdn.example.com/b.jpg, Blue bottle\n"https://x.example/c.png";"Jar, small"\n');
    expect(reading.problems).toEqual([]);
    expect(reading.products).toEqual([
      { image: 'https://cdn.example.com/a/mug.png', name: 'mug.png' },
      { image: 'https://cdn.example.com/b.jpg', name: 'Blue bottle' },
      { image: 'https://x.example/c.png', name: 'Jar, small' },
    ]);
  });

  it('reports a line that is not a URL by its number and keeps the others', () => {
    const reading = parseProductList('https://e.com/1.png\nnot a url\nftp://e.com/2.png\nhttps://e.com/3.png');
    expect(reading.products.map((p) => p.name)).toEqual(['1.png', '3.png']);
    expect(reading.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(reading.problems[0]!.message).toBe('line 2: "not a url" is not an http(s) URL');
  });
});

describe('nameFromUrl', () => {
  it('is the decoded last path segment, or the host', () => {
    expect(nameFromUrl('https://e.com/p/red%20mug.png?x=1')).toBe('red mug.png');
    expect(nameFromUrl('https://e.com/')).toBe('e.com');
  });
});
