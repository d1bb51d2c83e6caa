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

export type BatchItemStatus = 'waiting' | 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';

/** A batch as `GET /api/batches/:id` shows it. */
export interface BatchView {
  id: string;
  status: 'running' | 'paused' | 'cancelling' | 'done' | 'cancelled';
  /** Why a paused batch waits (Akool's quota), with what to do. */
  paused?: string;
  total: number;
  completed: number;
  failed: number;
  cancelled: number;
  left: number;
  secondsLeft: number | null;
  createdAt: string;
  updatedAt: string;
  zip: string;
  items: Array<{
    index: number;
    name: string;
    fileName: string;
    image: string;
    /** The item's own placement and effects (set in the editor), kept with it. */
    box?: { x: number; y: number; width: number; height: number };
    shadow?: unknown;
    reflection?: unknown;
    jobId: string;
    status: BatchItemStatus;
    error?: string;
    result?: string;
    preview?: string;
  }>;
}

/** A batch in the history list: its counts, without the items. */
export type BatchSummary = Omit<BatchView, 'items'>;
