/** Whether any pixel of RGBA data (4 bytes a pixel, alpha last) is less than opaque; stops at the first. */
export function hasTransparentPixel(rgba: ArrayLike<number>): boolean {
  for (let index = 3; index < rgba.length; index += 4) {
    if (rgba[index]! < 255) return true;
  }
  return false;
}
