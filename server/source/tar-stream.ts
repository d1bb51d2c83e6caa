import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';

const BLOCK = 512;

/** A ustar header for a regular file; paths over 100 bytes are split into prefix/name at a slash. */
function header(path: string, size: number, mtime: Date): Buffer {
  const block = Buffer.alloc(BLOCK);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(path) > 100) {
    const cut = path.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) throw new Error(`path too long for a tar archive: ${path}`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  block.write(name, 0, 100);
  block.write(octal(0o644, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136);
  block.write('        ', 148); // the checksum counts its own field as spaces
  block.write('0', 156);
  block.write('ustar\u000000', 257);
  block.write(prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148);
  return block;
}

export interface TarEntry {
  /** The path inside the archive. */
  path: string;
  /** The file on disk. */
  file: string;
  size: number;
  mtime: Date;
}

/** Writes the files as a tar archive to `out`, one after another, each streamed from disk. */
export async function writeTar(entries: readonly TarEntry[], out: Writable): Promise<void> {
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => (out.write(chunk, (error) => (error ? reject(error) : resolve()))));
  for (const entry of entries) {
    await write(header(entry.path, entry.size, entry.mtime));
    // Chunk by chunk rather than pipeline(..., { end: false }), which leaves listeners on `out` per file.
    for await (const chunk of createReadStream(entry.file)) await write(chunk as Buffer);
    const padding = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (padding) await write(Buffer.alloc(padding));
  }
  await write(Buffer.alloc(BLOCK * 2));
  out.end();
}
