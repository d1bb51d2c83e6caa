import type { BackgroundChangeRequest } from '../../core/index.ts';

export type JobStatus = 'queued' | 'processing' | 'completed' | 'failed';

/** A job as `GET /api/jobs/:id` shows it. */
export interface JobView {
  id: string;
  status: JobStatus;
  provider: string;
  request: BackgroundChangeRequest;
  createdAt: string;
  updatedAt: string;
  error?: { code?: number | string; message: string };
  result?: { width: number; height: number; bytes: number; format: string; url: string };
}

export interface UploadView {
  id: string;
  url: string;
  /** The name of the file that was uploaded (null when none was sent, or for older uploads). */
  name: string | null;
  width: number;
  height: number;
  format: string;
  bytes: number;
}

export interface HealthView {
  ok: boolean;
  provider: string;
}
