import type { BackgroundChangeRequest } from '../../src/core/index.ts';

/** A job and what it refers to, as every part of the server sees it, whichever repository keeps it. */

export type JobStatus = 'queued' | 'processing' | 'completed' | 'failed';

/** Where a layer's image comes from, decided once at submit so that a resumed job reads the same thing. */
export type SourceRef =
  | { kind: 'upload'; id: string }
  | { kind: 'sample'; name: string }
  | { kind: 'result'; jobId: string }
  | { kind: 'remote'; url: string };

export interface JobSources {
  foreground: SourceRef;
  template: SourceRef | null;
}

export interface JobError {
  code?: number;
  message: string;
}

export interface JobResult {
  width: number;
  height: number;
  bytes: number;
}

export interface JobRecord {
  id: string;
  status: JobStatus;
  provider: string;
  request: BackgroundChangeRequest;
  sources: JobSources;
  createdAt: number;
  updatedAt: number;
  error: JobError | null;
  result: JobResult | null;
  /** Akool's `_id` of the job, once Akool accepted it. */
  remoteId: string | null;
}

/** What a runner, a poll or a webhook may change of an unfinished job. */
export type JobChange = Partial<Pick<JobRecord, 'status' | 'error' | 'result' | 'remoteId'>>;
