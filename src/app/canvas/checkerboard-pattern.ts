/** Square size, in screen pixels, of the checkerboard that stands for "no colour" (transparent). */
export const CHECKER_SQUARE = 8;
export const CHECKER_DARK = '#d9dbe0';
export const CHECKER_LIGHT = '#ffffff';

let pattern: HTMLCanvasElement | null = null;

/** A 2x2-square tile, dark squares top-left and bottom-right (as CanvasBackdrop draws it on screen). */
export function checkerboardPattern(): HTMLCanvasElement {
  if (pattern) return pattern;
  pattern = document.createElement('canvas');
  pattern.width = CHECKER_SQUARE * 2;
  pattern.height = CHECKER_SQUARE * 2;
  const context = pattern.getContext('2d')!;
  context.fillStyle = CHECKER_LIGHT;
  context.fillRect(0, 0, pattern.width, pattern.height);
  context.fillStyle = CHECKER_DARK;
  context.fillRect(0, 0, CHECKER_SQUARE, CHECKER_SQUARE);
  context.fillRect(CHECKER_SQUARE, CHECKER_SQUARE, CHECKER_SQUARE, CHECKER_SQUARE);
  return pattern;
}
