/** Adler-32 as RFC 1950 defines it, a byte at a time: what the tests hold the SIMD checksum to. */
export function adler32Reference(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const v of bytes) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
