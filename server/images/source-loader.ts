import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { guardedFetch } from '../net/guarded-fetch.ts';
import type { FileStore } from '../storage/file-store.ts';
import type { SourceRef } from '../storage/job-store.ts';

/** Reads a layer's image: this server's own files from disk, anything else through the guarded fetch. */
export class SourceLoader {
  constructor(
    private readonly files: FileStore,
    private readonly appDir: string,
    private readonly fetchAllowHosts: readonly string[],
  ) {}

  samplePath(name: string): string {
    return join(this.appDir, 'samples', name);
  }

  async load(ref: SourceRef): Promise<Buffer> {
    switch (ref.kind) {
      case 'upload':
        return this.files.readUpload(ref.id);
      case 'sample':
        return readFile(this.samplePath(ref.name));
      case 'result':
        return this.files.readResult(ref.jobId);
      case 'remote':
        return (await guardedFetch(ref.url, { allowHosts: this.fetchAllowHosts })).body;
    }
  }
}
