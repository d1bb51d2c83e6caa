import { expect, it } from 'vitest';
import { resultFileName } from './result-file-name.ts';

it('names a result by job and canvas size, with the usual extension for each format', () => {
  expect(resultFileName('6b0697e0287262f5bf0fe78f', '3840x3840', 'png')).toBe('background-6b0697e0287262f5bf0fe78f-3840x3840.png');
  expect(resultFileName('abc', '1080x1920', 'jpeg')).toBe('background-abc-1080x1920.jpg');
  expect(resultFileName('abc', '1080x1920', 'webp')).toBe('background-abc-1080x1920.webp');
});
