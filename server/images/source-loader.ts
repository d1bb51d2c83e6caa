import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { guardedFetch } from '../net/guarded-fetch.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { resultKey, uploadKey } from '../storage/blob-keys.ts';
import type { SourceRef } from '../domain/job.ts';

/** Reads a layer's image: this server's own blobs and samples, anything else through the guarded fetch. */
export class SourceLoader {
  constructor(
    private readonly blobs: BlobStore,
    private readonly appDir: string,
    private readonly fetchAllowHosts: readonly string[],
  ) {}

  samplePath(name: string): string {
    return join(this.appDir, 'samples', name);
  }

  async load(ref: SourceRef): Promise<Buffer> {
    switch (ref.kind) {
      case 'upload':
        return this.blobs.get(uploadKey(ref.id));
      case 'sample':
        return readFile(this.samplePath(ref.name));
      case 'result':
        return this.blobs.get(resultKey(ref.jobId));
      case 'remote':
        return (await guardedFetch(ref.url, { allowHosts: this.fetchAllowHosts })).body;
    }
  }
}
