import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { blobStoreContract } from '../contracts/blob-store.contract.ts';
import { DiskBlobStore } from './disk-blob-store.ts';

blobStoreContract('disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
  return { store: new DiskBlobStore(dir), close: async () => rmSync(dir, { recursive: true, force: true }) };
});

it('keeps a key at DATA_DIR/<key>, where servers before the blob store kept the same files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
  const store = new DiskBlobStore(dir, ['results', 'uploads']);
  expect(readdirSync(dir).sort()).toEqual(['results', 'uploads']);
  await store.put('results/aaaaaaaaaaaaaaaaaaaaaaaa.png', Buffer.from('png'));
  expect(readdirSync(join(dir, 'results'))).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaa.png']);
  writeFileSync(join(dir, 'results', 'aaaaaaaaaaaaaaaaaaaaaaaa.png.0123456789ab.tmp'), 'half');
  expect(store.removeStaleTempFiles()).toBe(1);
  expect(readdirSync(join(dir, 'results'))).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaa.png']);
  rmSync(dir, { recursive: true, force: true });
});
