import { estimateSecondsLeft } from '../../src/core/index.ts';
import type { BatchItemRecord, BatchRecord } from '../domain/batch.ts';
import type { JobRecord } from '../domain/job.ts';

/** What an item is to a client: waiting its turn, its job's status, or failed/cancelled before it had one. */
export type BatchItemStatus = 'waiting' | 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';

/** The jobs a view of `items` needs, read at once (JobService.getMany) and handed to `batchView`. */
export function itemJobIds(items: readonly BatchItemRecord[]): string[] {
  return items.filter((item) => item.state === 'submitted').map((item) => item.jobId);
}

function itemView(item: BatchItemRecord, jobs: ReadonlyMap<string, JobRecord>, base: string) {
  let status: BatchItemStatus;
  let error = item.error;
  let updatedAt = 0;
  if (item.state === 'submitted') {
    const job = jobs.get(item.jobId);
    if (job) {
      status = job.status;
      error = job.error?.message ?? null;
      updatedAt = job.updatedAt;
    } else {
      status = 'failed';
      error = 'its job was deleted';
    }
  } else if (item.state === 'pending' || item.state === 'preparing') {
    status = 'waiting';
  } else {
    status = item.state;
  }
  return {
    view: {
      index: item.position,
      name: item.name,
      fileName: item.fileName,
      image: item.image,
      ...(item.box ? { box: item.box } : {}),
      ...item.effects,
      jobId: item.jobId,
      status,
      ...(error ? { error } : {}),
      ...(status === 'completed' ? { result: `${base}/api/batches/${item.batchId}/items/${item.position}/result`, preview: `${base}/api/jobs/${item.jobId}/preview` } : {}),
    },
    updatedAt,
  };
}

/**
 * The batch as the API shows it, with each item's live status. `updatedAt` is the latest change of the batch
 * or any of its jobs: the long poll's `since`.
 */
export function batchView(batch: BatchRecord, items: readonly BatchItemRecord[], jobs: ReadonlyMap<string, JobRecord>, base: string, now = Date.now()) {
  let completed = 0;
  let failed = 0;
  let cancelled = 0;
  let updatedAt = batch.updatedAt;
  const views = items.map((item) => {
    const { view, updatedAt: jobUpdated } = itemView(item, jobs, base);
    if (view.status === 'completed') completed += 1;
    else if (view.status === 'failed') failed += 1;
    else if (view.status === 'cancelled') cancelled += 1;
    if (jobUpdated > updatedAt) updatedAt = jobUpdated;
    return view;
  });
  const total = items.length;
  const left = total - completed - failed - cancelled;
  const status =
    left > 0
      ? batch.status === 'cancelled'
        ? 'cancelling'
        : batch.status === 'paused'
          ? 'paused'
          : 'running'
      : batch.status === 'cancelled'
        ? 'cancelled'
        : 'done';
  return {
    id: batch.id,
    status,
    total,
    completed,
    failed,
    cancelled,
    left,
    ...(status === 'paused' ? { paused: 'the Akool account has not enough quota (credits) left (1006): add credits, then resume the batch' } : {}),
    secondsLeft: estimateSecondsLeft(now - batch.createdAt, completed + failed, left),
    createdAt: new Date(batch.createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    layout: batch.layout,
    placement: batch.placement,
    removeBackground: batch.removeBackground,
    zip: `${base}/api/batches/${batch.id}/zip`,
    items: views,
  };
}

export type BatchView = ReturnType<typeof batchView>;
