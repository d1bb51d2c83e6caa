import { existsSync } from 'node:fs';
import type { JobStore, SourceRef } from '../storage/job-store.ts';
import type { UploadStore } from '../storage/upload-store.ts';
import type { SourceLoader } from './source-loader.ts';

/** Where this server's own files are known: uploads and jobs in the database, samples on disk. */
export interface OwnFileIndex {
  uploads: UploadStore;
  store: JobStore;
  sources: SourceLoader;
}

/**
 * What an own URL (an upload, sample or job result of this server) names, in words, when nothing of it exists;
 * null when it exists or is remote. Checked before anything is stored, so a bad URL is a 400 naming it.
 */
export function missingOwnFile(ref: SourceRef, index: OwnFileIndex): string | null {
  switch (ref.kind) {
    case 'upload':
      return index.uploads.get(ref.id) ? null : 'an upload';
    case 'sample':
      return existsSync(index.sources.samplePath(ref.name)) ? null : 'a sample image';
    case 'result':
      return index.store.get(ref.jobId)?.status === 'completed' ? null : 'a completed job result';
    case 'remote':
      return null;
  }
}
