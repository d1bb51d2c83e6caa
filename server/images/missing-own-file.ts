import { existsSync } from 'node:fs';
import type { SourceRef } from '../domain/job.ts';
import type { JobRepository } from '../storage/job-repository.ts';
import type { UploadRepository } from '../storage/upload-repository.ts';
import type { SourceLoader } from './source-loader.ts';

/** Where this server's own files are known: uploads and jobs in the database, samples on disk. */
export interface OwnFileIndex {
  uploads: UploadRepository;
  store: JobRepository;
  sources: SourceLoader;
}

/**
 * What an own URL (an upload, sample or job result of this server) names, in words, when nothing of it exists;
 * null when it exists or is remote. Checked before anything is stored, so a bad URL is a 400 naming it.
 */
export async function missingOwnFile(ref: SourceRef, index: OwnFileIndex): Promise<string | null> {
  switch (ref.kind) {
    case 'upload':
      return (await index.uploads.get(ref.id)) ? null : 'an upload';
    case 'sample':
      return existsSync(index.sources.samplePath(ref.name)) ? null : 'a sample image';
    case 'result':
      return (await index.store.get(ref.jobId))?.status === 'completed' ? null : 'a completed job result';
    case 'remote':
      return null;
  }
}
