import { describe, expect, it } from 'vitest';
import { DEFAULT_CANVAS, emptyDocument } from './document.ts';

describe('emptyDocument', () => {
  it('is a 3840x3840 canvas with no colour and no layers by default', () => {
    expect(DEFAULT_CANVAS).toEqual({ width: 3840, height: 3840 });
    expect(emptyDocument()).toStrictEqual({
      canvas: { width: 3840, height: 3840 },
      colorCode: null,
      template: null,
      foreground: null,
    });
  });

  it('takes the canvas size it is given, non-square included', () => {
    expect(emptyDocument({ width: 1920, height: 1080 }).canvas).toEqual({ width: 1920, height: 1080 });
  });

  it('copies the canvas size, so changing a document never changes the default or the argument', () => {
    const document = emptyDocument();
    document.canvas.width = 10;
    expect(DEFAULT_CANVAS.width).toBe(3840);
    expect(emptyDocument().canvas.width).toBe(3840);

    const canvas = { width: 100, height: 200 };
    const other = emptyDocument(canvas);
    other.canvas.height = 5;
    expect(canvas.height).toBe(200);
  });
});
