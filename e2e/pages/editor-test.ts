import { test as base, expect } from '@playwright/test';
import { SNAP_SCREEN_PX, parseSize, snapTargets, type Size } from '../../src/core/index.ts';
import { foregroundPng, templateJpeg, type TestImage } from '../fixtures/test-images.ts';
import { EditorPage } from './editor-page.ts';

export { expect };

export interface TestImages {
  /** An 800x1000 RGBA PNG cut-out. */
  foreground: TestImage;
  /** A 1200x900 JPEG background. */
  template: TestImage;
  /** A 640x480 RGBA PNG, for drops. */
  dropped: TestImage;
}

/** Specs get `editor` (the editor opened empty) and `images` (made once per worker with sharp). */
export const test = base.extend<{ editor: EditorPage }, { images: TestImages }>({
  images: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use({
        foreground: await foregroundPng(800, 1000),
        template: await templateJpeg(1200, 900),
        dropped: await foregroundPng(640, 480, { r: 30, g: 160, b: 70 }),
      });
    },
    { scope: 'worker' },
  ],
  editor: async ({ page }, use) => {
    const editor = new EditorPage(page);
    await editor.open();
    await use(editor);
  },
});

/** |actual - expected| <= tolerance, with both numbers in the message when it is not. */
export function expectWithin(actual: number, expected: number, tolerance: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: got ${actual}, expected ${expected} ±${tolerance}`).toBeLessThanOrEqual(
    tolerance,
  );
}

/** The size a "WxH" field holds. */
export function sizeOf(text: string | undefined): Size {
  const size = text ? parseSize(text) : null;
  if (!size) throw new Error(`not a size: ${text}`);
  return size;
}

/**
 * Guards a test's arithmetic against the editor's snapping: the given vertical (x) and horizontal (y) lines, in
 * canvas pixels, must end well away from the canvas's snap lines (edges and centre) at this zoom. Should the
 * layout of the page change the zoom so much that a drag would snap, this says so instead of a wrong number.
 */
export function expectClearOfSnapping(lines: { x: number[]; y: number[] }, canvas: Size, scale: number): void {
  const targets = snapTargets(canvas, []);
  for (const axis of ['x', 'y'] as const) {
    for (const line of lines[axis]) {
      const screenDistance = Math.min(...targets[axis].map((target) => Math.abs(target - line))) * scale;
      expect(screenDistance, `${axis} = ${line} is clear of snapping`).toBeGreaterThan(2 * SNAP_SCREEN_PX);
    }
  }
}
