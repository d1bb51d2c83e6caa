import type { FastifyBaseLogger } from 'fastify';
import { batchFileNames, type BatchRequest } from '../../src/core/index.ts';
import type { OwnOrigins } from '../images/own-source.ts';
import type { JobService } from '../jobs/job-service.ts';
import { storedRequest, summarise } from '../routes/jobs-routes.ts';
import type { BatchItemRecord, BatchRecord, BatchStore } from '../storage/batch-store.ts';
import type { ChangeFeed } from '../storage/change-feed.ts';
import { newJobId } from '../storage/ids.ts';
import { ItemRefused, prepareItem, type PrepareDeps } from './prepare-item.ts';

export interface BatchServiceDeps {
  batches: BatchStore;
  jobs: JobService;
  prepare: PrepareDeps;
  /** Wakes long polls on a batch (keyed by batch id). */
  changes: ChangeFeed;
  log: FastifyBaseLogger;
  /** Items prepared or rendering at once, over all batches: the rest wait in SQLite, not in memory. */
  inFlight: number;
}

/** Akool's "not enough quota": the account is out of credits, so the whole batch waits for a resume. */
export const AKOOL_NO_QUOTA = 1006;

const isFinalStatus = (status: string | undefined) => status === 'completed' || status === 'failed';

/**
 * Runs batches: each item becomes an ordinary job (the job service submits it, so the provider, the job routes
 * and Akool's protocol all work for it). At most `inFlight` items are being prepared or rendered at a time;
 * the others wait as rows, so memory does not grow with the batch. Item job ids are fixed when the batch is
 * made and an item is marked submitted only after its job is stored, so a restart resumes every item once.
 */
export class BatchService {
  /** Jobs of batch items not finished yet -> their batch. */
  private readonly following = new Map<string, string>();
  private preparing = 0;
  private readonly work = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly deps: BatchServiceDeps) {}

  create(request: BatchRequest, origins: OwnOrigins): BatchRecord {
    const now = Date.now();
    const batch: BatchRecord = {
      id: newJobId(now),
      status: 'running',
      layout: storedRequest(request.layout),
      placement: request.placement,
      removeBackground: request.removeBackground,
      origins,
      createdAt: now,
      updatedAt: now,
    };
    // A refused item may have no name; it is still listed, as "item <n>".
    const fileNames = batchFileNames(request.items.map((item, position) => item.name || `item ${position + 1}`));
    const items: BatchItemRecord[] = request.items.map((item, position) => {
      const errors = request.itemErrors[position];
      return {
        batchId: batch.id,
        position,
        name: item.name || `item ${position + 1}`,
        fileName: fileNames[position]!,
        image: item.image,
        box: item.box ?? null,
        jobId: newJobId(now),
        state: errors ? 'failed' : 'pending',
        error: errors ? summarise(errors) : null,
      };
    });
    this.deps.batches.insert(batch, items);
    this.pump();
    return batch;
  }

  get(id: string): BatchRecord | null {
    return this.deps.batches.get(id);
  }

  list(): BatchRecord[] {
    return this.deps.batches.list();
  }

  items(id: string, from?: number, limit?: number): BatchItemRecord[] {
    return this.deps.batches.items(id, from, limit);
  }

  /** Stops what has not started; items already rendering finish. False when there is no such batch. */
  cancel(id: string): boolean {
    const cancelled = this.deps.batches.cancel(id);
    if (cancelled) this.deps.changes.publish(id);
    return cancelled;
  }

  /**
   * Runs a failed item again, alone, as a new job (the failed one stays as it was). Null when there is no such
   * item; a string saying why when it has not failed.
   */
  retry(id: string, position: number): BatchItemRecord | string | null {
    const batch = this.deps.batches.get(id);
    const item = batch ? this.deps.batches.item(id, position) : null;
    if (!batch || !item) return null;
    const job = item.state === 'submitted' ? this.deps.jobs.get(item.jobId) : null;
    const failed = item.state === 'failed' || item.state === 'cancelled' || (item.state === 'submitted' && (!job || job.status === 'failed'));
    if (!failed) return `item ${position} (${item.name}) has not failed: it is ${job?.status ?? item.state}`;
    this.deps.batches.reopen(id);
    this.deps.batches.setItem(id, position, { state: 'pending', error: null, jobId: newJobId() });
    this.deps.changes.publish(id);
    this.pump();
    return this.deps.batches.item(id, position);
  }

  /** Starts a paused batch's waiting items again. False when there is no such batch; a string when it is not paused. */
  resume(id: string): boolean | string {
    const batch = this.deps.batches.get(id);
    if (!batch) return false;
    if (batch.status !== 'paused') return `batch ${id} is not paused: it is ${batch.status}`;
    this.deps.batches.reopen(id);
    this.deps.changes.publish(id);
    this.pump();
    return true;
  }

  /** Hides the batch and moves its items' jobs to the trash (purged with it). False when there is no such batch. */
  delete(id: string): boolean {
    const items = this.deps.batches.items(id);
    if (!this.deps.batches.delete(id)) return false;
    for (const item of items) {
      if (item.state === 'submitted') this.deps.jobs.delete(item.jobId);
    }
    this.deps.changes.publish(id);
    return true;
  }

  /** At start: items a stopped server was preparing wait again; submitted ones are followed; work resumes. */
  resumeAfterStart(): void {
    const requeued = this.deps.batches.requeuePreparing();
    for (const jobId of this.deps.batches.submittedJobIds()) {
      const job = this.deps.jobs.get(jobId);
      if (job && !isFinalStatus(job.status)) {
        const item = this.deps.batches.itemByJob(jobId);
        if (item) this.following.set(jobId, item.batchId);
      }
    }
    if (requeued || this.following.size) this.deps.log.info({ requeued, rendering: this.following.size }, 'resumed batches');
    this.pump();
  }

  /** Told of every change of every job (by the job store): a batch item's job finishing frees a place. */
  jobChanged(jobId: string): void {
    const batchId = this.following.get(jobId);
    if (!batchId) return;
    this.deps.changes.publish(batchId);
    const job = this.deps.jobs.get(jobId);
    if (job?.status === 'failed' && job.error?.code === AKOOL_NO_QUOTA) {
      // Akool refused it for want of credits (none spent): the item waits again, under a new job id, and the
      // batch stops starting items until it is resumed.
      this.following.delete(jobId);
      const item = this.deps.batches.itemByJob(jobId);
      if (item) this.deps.batches.setItem(item.batchId, item.position, { state: 'pending', error: null, jobId: newJobId() });
      if (this.deps.batches.pause(batchId)) this.deps.log.warn({ batchId }, 'batch paused: the Akool account has no quota left (1006)');
      queueMicrotask(() => this.pump());
      return;
    }
    if (!job || isFinalStatus(job.status)) {
      this.following.delete(jobId);
      // Not inside the store's write that told us.
      queueMicrotask(() => this.pump());
    }
  }

  private get active(): number {
    return this.preparing + this.following.size;
  }

  /** Starts waiting items until `inFlight` are in progress. */
  private pump(): void {
    while (!this.closing && this.active < this.deps.inFlight) {
      const item = this.deps.batches.takeNextPending();
      if (!item) return;
      this.preparing += 1;
      const task = this.start(item)
        .catch((error: unknown) => this.deps.log.error({ err: error, batchId: item.batchId, position: item.position }, 'batch item failed to start'))
        .finally(() => {
          this.preparing -= 1;
          this.work.delete(task);
          this.pump();
        });
      this.work.add(task);
    }
  }

  private async start(item: BatchItemRecord): Promise<void> {
    const batch = this.deps.batches.get(item.batchId);
    if (!batch) return;
    // A stopped server may have stored the job and died before marking the item: the job is resumed by the
    // job service, never submitted again.
    if (this.deps.jobs.exists(item.jobId)) {
      this.markSubmitted(item);
      return;
    }
    let request;
    try {
      request = await prepareItem(this.deps.prepare, batch, item);
    } catch (error) {
      if (this.closing) return;
      const message = error instanceof ItemRefused ? error.message : `items[${item.position}] (${item.name}) could not be prepared: ${(error as Error).message}`;
      this.deps.batches.setItem(item.batchId, item.position, { state: 'failed', error: message });
      this.deps.changes.publish(item.batchId);
      return;
    }
    // Cancelled, deleted or closing while it was prepared: it stays as that made it (a closing server resumes it).
    if (this.closing || this.deps.batches.item(item.batchId, item.position)?.state !== 'preparing') return;
    const outcome = this.deps.jobs.submit(request, batch.origins, item.jobId);
    if (!outcome.ok) {
      this.deps.batches.setItem(item.batchId, item.position, { state: 'failed', error: `items[${item.position}] (${item.name}): ${summarise(outcome.errors)}` });
      this.deps.changes.publish(item.batchId);
      return;
    }
    this.markSubmitted(item);
  }

  private markSubmitted(item: BatchItemRecord): void {
    this.deps.batches.setItem(item.batchId, item.position, { state: 'submitted' });
    const job = this.deps.jobs.get(item.jobId);
    if (job && !isFinalStatus(job.status)) this.following.set(item.jobId, item.batchId);
    this.deps.changes.publish(item.batchId);
  }

  /** Stops starting items and waits for preparations in flight (their jobs are the job service's to close). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.work]);
  }
}
