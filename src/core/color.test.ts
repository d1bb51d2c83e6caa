import { describe, expect, it } from 'vitest';
import { normalizeHexColor } from './color.ts';

describe('normalizeHexColor', () => {
  it.each([
    ['#aafbe3', '#aafbe3'],
    ['#AAFBE3', '#aafbe3'],
    ['#AaFbE3', '#aafbe3'],
    ['#c9aafb', '#c9aafb'],
    ['#abc', '#aabbcc'],
    ['#ABC', '#aabbcc'],
    ['#fA0', '#ffaa00'],
    ['#000', '#000000'],
    ['#FFFFFF', '#ffffff'],
  ])('turns %s into %s', (text, expected) => {
    expect(normalizeHexColor(text)).toBe(expected);
  });

  it('ignores surrounding white space', () => {
    expect(normalizeHexColor('  #ABC\n')).toBe('#aabbcc');
  });

  it.each(['aafbe3', 'abc', '#aafbe', '#aafbe3f', '#aafbe3ff', '#abcd', '#ab', '#', '', '#gggggg', '#12345z', 'red', 'rgb(1,2,3)', '##abc', '#a bc'])(
    'refuses %j',
    (text) => {
      expect(normalizeHexColor(text)).toBeNull();
    },
  );
});
