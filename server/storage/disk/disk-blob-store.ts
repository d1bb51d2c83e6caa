import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { BlobNotFound, checkBlobKey, type BlobReader, type BlobStore } from '../blob-store.ts';
import { removeStaleTempFiles } from './stale-temp-files.ts';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Writes `data` to a temporary name beside `path`, flushes it, then renames: readers and a crash see the
 * whole old file or the whole new one, never half. */
export async function writeFileAtomic(path: string, data: Buffer | Readable): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      if (Buffer.isBuffer(data)) await handle.writeFile(data);
      else for await (const chunk of data) await handle.write(chunk as Uint8Array);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Blobs as files under a directory (DATA_DIR): the key is the path below it. */
export class DiskBlobStore implements BlobStore {
  /** Folders known to exist: a put makes its folder once, not on every write. */
  private readonly folders = new Set<string>();

  /** `folders`: the top folders of the keys (blob-keys.ts), made now and swept by `removeStaleTempFiles`. */
  constructor(
    private readonly root: string,
    private readonly topFolders: readonly string[] = [],
  ) {
    for (const folder of topFolders) {
      const path = this.path(folder);
      mkdirSync(path, { recursive: true });
      this.folders.add(path);
    }
  }

  /** Deletes the half-written files a killed server left in the top folders; returns how many. */
  removeStaleTempFiles(): number {
    return removeStaleTempFiles(this.topFolders.map((folder) => this.path(folder)));
  }

  private path(key: string): string {
    return join(this.root, checkBlobKey(key));
  }

  async put(key: string, data: Buffer | Readable): Promise<void> {
    const path = this.path(key);
    const folder = dirname(path);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    await writeFileAtomic(path, data);
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      throw isMissing(error) ? new BlobNotFound(key) : error;
    }
  }

  async open(key: string, options: { chunkBytes?: number } = {}): Promise<BlobReader> {
    let handle;
    try {
      handle = await open(this.path(key), 'r');
    } catch (error) {
      throw isMissing(error) ? new BlobNotFound(key) : error;
    }
    try {
      // The open file, not the path: a put renaming a new version over it meanwhile does not mix the two.
      const { size } = await handle.stat();
      const stream = handle.createReadStream({ start: 0, end: Math.max(0, size - 1), highWaterMark: options.chunkBytes, autoClose: true });
      return { size, stream };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.path(key))).size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
