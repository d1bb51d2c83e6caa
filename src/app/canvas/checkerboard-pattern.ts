/** Square size, in screen pixels, of the checkerboard that stands for "no colour" (transparent). */
export const CHECKER_SQUARE = 8;

let pattern: HTMLCanvasElement | null = null;

/** A 2x2-square tile; drawn with a fill pattern scaled by 1/zoom so squares keep their screen size. */
export function checkerboardPattern(): HTMLCanvasElement {
  if (pattern) return pattern;
  pattern = document.createElement('canvas');
  pattern.width = CHECKER_SQUARE * 2;
  pattern.height = CHECKER_SQUARE * 2;
  const context = pattern.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, pattern.width, pattern.height);
  context.fillStyle = '#d9dbe0';
  context.fillRect(0, 0, CHECKER_SQUARE, CHECKER_SQUARE);
  context.fillRect(CHECKER_SQUARE, CHECKER_SQUARE, CHECKER_SQUARE, CHECKER_SQUARE);
  return pattern;
}
