/**
 * Images above this many pixels are refused before their pixels are decoded (a decompression bomb guard): by
 * the upload check, the renderer and the background remover alike.
 */
export const MAX_INPUT_PIXELS = 100_000_000;
