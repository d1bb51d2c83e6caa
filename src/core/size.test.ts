import { describe, expect, it } from 'vitest';
import { MAX_SIDE, formatSize, parseSize } from './size.ts';

describe('MAX_SIDE', () => {
  it('is 8192 pixels', () => {
    expect(MAX_SIDE).toBe(8192);
  });
});

describe('parseSize', () => {
  it.each([
    ['3840x3840', 3840, 3840],
    ['3031x2894', 3031, 2894],
    ['1x1', 1, 1],
    ['8192x8192', 8192, 8192],
    ['1920x1080', 1920, 1080],
    ['10x100000', 10, 100000],
  ])('reads %s as %i by %i', (text, width, height) => {
    expect(parseSize(text)).toEqual({ width, height });
  });

  it('does not apply the MAX_SIDE limit itself (the request schema does, with its own message)', () => {
    expect(parseSize('8193x8193')).toEqual({ width: 8193, height: 8193 });
    expect(parseSize('100000000x10')).toEqual({ width: 100000000, height: 10 });
  });

  it.each([
    '3840x',
    'x3840',
    '3840',
    '3840*3840',
    '3840×3840',
    '3840X3840',
    '0x10',
    '10x0',
    '0x0',
    '00x10',
    '010x10',
    ' 3840x3840',
    '3840x3840 ',
    '3840x3840\n',
    '3840 x 3840',
    '10.5x3',
    '3x10.5',
    '-1x3',
    '3x-1',
    '+3x3',
    '1e3x10',
    '0x10x10',
    '10x10x10',
    '',
    'x',
    'axb',
    '٣x٣',
  ])('refuses %j', (text) => {
    expect(parseSize(text)).toBeNull();
  });
});

describe('formatSize', () => {
  it('writes width, a lower-case x and height', () => {
    expect(formatSize(3840, 2160)).toBe('3840x2160');
    expect(formatSize(1, 8192)).toBe('1x8192');
  });

  it('is the inverse of parseSize', () => {
    for (const text of ['3840x3840', '3060x3824', '1x1', '8192x17']) {
      const size = parseSize(text)!;
      expect(formatSize(size.width, size.height)).toBe(text);
    }
  });
});
