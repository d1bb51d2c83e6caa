import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskBlobStore } from '../storage/disk/disk-blob-store.ts';
import { zipStream, type ZipEntry } from './zip-stream.ts';

async function collect(entries: ZipEntry[], options = {}): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of zipStream(entries, options)) parts.push(part);
  return Buffer.concat(parts);
}

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'zip-'));
  const a = randomBytes(3 * 1024 * 1024 + 17); // several read chunks
  const b = Buffer.from('second file');
  writeFileSync(join(dir, 'a.bin'), a);
  writeFileSync(join(dir, 'b.bin'), b);
  const blobs = new DiskBlobStore(dir);
  return { dir, a, b, entries: [{ name: 'bottle.png', key: 'a.bin' }, { name: 'verre à vin.png', key: 'b.bin' }, { name: 'gone.png', key: 'missing' }].map(({ name, key }) => ({ name, open: () => blobs.open(key, { chunkBytes: 1 << 20 }) })) };
}

describe.each([false, true])('zipStream (forceZip64 %s)', (forceZip64) => {
  it('makes a ZIP that unzip reads back byte for byte, leaving out a missing file', async () => {
    const { dir, a, b, entries } = files();
    const zip = await collect(entries, { forceZip64 });
    const path = join(dir, 'out.zip');
    writeFileSync(path, zip);
    expect(execFileSync('unzip', ['-t', path]).toString()).toContain('No errors detected');
    const listing = execFileSync('unzip', ['-Z1', path]).toString().trim().split('\n');
    expect(listing).toEqual(['bottle.png', 'verre à vin.png']);
    expect(execFileSync('unzip', ['-p', path, 'bottle.png'], { maxBuffer: 1 << 26 }).equals(a)).toBe(true);
    expect(execFileSync('unzip', ['-p', path, 'verre à vin.png']).equals(b)).toBe(true);
  });
});

it('an empty ZIP is valid', async () => {
  const zip = await collect([]);
  expect(zip.length).toBe(22);
  expect(zip.readUInt32LE(0)).toBe(0x06054b50);
});
