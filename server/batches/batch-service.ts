import type { FastifyBaseLogger } from 'fastify';
import { batchFileNames, summarise, type BatchRequest } from '../../src/core/index.ts';
import type { OwnOrigins } from '../images/own-source.ts';
import type { JobService } from '../jobs/job-service.ts';
import { storedRequest } from '../jobs/stored-request.ts';
import type { BatchItemRecord, BatchRecord } from '../domain/batch.ts';
import type { BatchRepository } from '../storage/batch-repository.ts';
import type { ChangeFeed } from '../storage/change-feed.ts';
import { newJobId } from '../storage/ids.ts';
import { ItemRefused, prepareItem, type PrepareDeps } from './prepare-item.ts';

export interface BatchServiceDeps {
  batches: BatchRepository;
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
  /** Places taken by items being claimed or prepared. */
  private preparing = 0;
  private readonly work = new Set<Promise<void>>();
  private closing = false;
  /** One pump at a time: a second one asked for meanwhile runs after it, so that claims never overshoot `inFlight`. */
  private pumping = false;
  private pumpAgain = false;

  constructor(private readonly deps: BatchServiceDeps) {}

  async create(request: BatchRequest, origins: OwnOrigins): Promise<BatchRecord> {
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
        effects: item.shadow || item.reflection ? { ...(item.shadow ? { shadow: item.shadow } : {}), ...(item.reflection ? { reflection: item.reflection } : {}) } : null,
        jobId: newJobId(now),
        state: errors ? 'failed' : 'pending',
        error: errors ? summarise(errors) : null,
      };
    });
    await this.deps.batches.insert(batch, items);
    this.pump();
    return batch;
  }

  get(id: string): Promise<BatchRecord | null> {
    return this.deps.batches.get(id);
  }

  list(): Promise<BatchRecord[]> {
    return this.deps.batches.list();
  }

  items(id: string, from?: number, limit?: number): Promise<BatchItemRecord[]> {
    return this.deps.batches.items(id, from, limit);
  }

  /** Stops what has not started; items already rendering finish. False when there is no such batch. */
  async cancel(id: string): Promise<boolean> {
    const cancelled = await this.deps.batches.cancel(id);
    if (cancelled) this.deps.changes.publish(id);
    return cancelled;
  }

  /**
   * Runs a failed item again, alone, as a new job (the failed one stays as it was). Null when there is no such
   * item; a string saying why when it has not failed.
   */
  async retry(id: string, position: number): Promise<BatchItemRecord | string | null> {
    const batch = await this.deps.batches.get(id);
    const item = batch ? await this.deps.batches.item(id, position) : null;
    if (!batch || !item) return null;
    const job = item.state === 'submitted' ? await this.deps.jobs.get(item.jobId) : null;
    const failed = item.state === 'failed' || item.state === 'cancelled' || (item.state === 'submitted' && (!job || job.status === 'failed'));
    if (!failed) return `item ${position} (${item.name}) has not failed: it is ${job?.status ?? item.state}`;
    await this.deps.batches.reopen(id);
    await this.deps.batches.setItem(id, position, { state: 'pending', error: null, jobId: newJobId() });
    this.deps.changes.publish(id);
    this.pump();
    return this.deps.batches.item(id, position);
  }

  /** Starts a paused batch's waiting items again. False when there is no such batch; a string when it is not paused. */
  async resume(id: string): Promise<boolean | string> {
    const batch = await this.deps.batches.get(id);
    if (!batch) return false;
    if (batch.status !== 'paused') return `batch ${id} is not paused: it is ${batch.status}`;
    await this.deps.batches.reopen(id);
    this.deps.changes.publish(id);
    this.pump();
    return true;
  }

  /** Hides the batch and moves its items' jobs to the trash (purged with it). False when there is no such batch. */
  async delete(id: string): Promise<boolean> {
    const items = await this.deps.batches.items(id);
    if (!(await this.deps.batches.delete(id))) return false;
    for (const item of items) {
      if (item.state === 'submitted') await this.deps.jobs.delete(item.jobId);
    }
    this.deps.changes.publish(id);
    return true;
  }

  /** At start: items a stopped server was preparing wait again; submitted ones are followed; work resumes. */
  async resumeAfterStart(): Promise<void> {
    const requeued = await this.deps.batches.requeuePreparing();
    for (const jobId of await this.deps.batches.submittedJobIds()) {
      const item = await this.deps.batches.itemByJob(jobId);
      if (item) await this.follow(jobId, item.batchId);
    }
    if (requeued || this.following.size) this.deps.log.info({ requeued, rendering: this.following.size }, 'resumed batches');
    this.pump();
  }

  /**
   * Follows a batch item's job until it is final. Marked followed before the job is read: a change landing
   * between the read and the mark is then heard by `jobChanged`, which reads it again.
   */
  private async follow(jobId: string, batchId: string): Promise<void> {
    this.following.set(jobId, batchId);
    const job = await this.deps.jobs.get(jobId);
    if ((!job || isFinalStatus(job.status)) && this.following.get(jobId) === batchId) this.following.delete(jobId);
  }

  /** Told of every change of every job (by the job repository): a batch item's job finishing frees a place. */
  jobChanged(jobId: string): void {
    const batchId = this.following.get(jobId);
    if (!batchId) return;
    // Not inside the repository's write that told us. Long polls on the batch wake once the change is taken in
    // (a job out of quota has put its item back and paused the batch), so they never see it half done.
    const task = this.jobSettled(jobId, batchId)
      .catch((error: unknown) => this.deps.log.error({ err: error, batchId, jobId }, 'following a batch job failed'))
      .finally(() => {
        this.deps.changes.publish(batchId);
        this.work.delete(task);
      });
    this.work.add(task);
  }

  /** Reads a followed job and, once it is final, stops following it and frees its place. */
  private async jobSettled(jobId: string, batchId: string): Promise<void> {
    const job = await this.deps.jobs.get(jobId);
    if (this.following.get(jobId) !== batchId) return; // settled meanwhile by another change of it
    if (job?.status === 'failed' && job.error?.code === AKOOL_NO_QUOTA) {
      // Akool refused it for want of credits (none spent): the item waits again, under a new job id, and the
      // batch stops starting items until it is resumed.
      this.following.delete(jobId);
      const item = await this.deps.batches.itemByJob(jobId);
      if (item) await this.deps.batches.setItem(item.batchId, item.position, { state: 'pending', error: null, jobId: newJobId() });
      if (await this.deps.batches.pause(batchId)) this.deps.log.warn({ batchId }, 'batch paused: the Akool account has no quota left (1006)');
      this.pump();
      return;
    }
    if (!job || isFinalStatus(job.status)) {
      this.following.delete(jobId);
      this.pump();
    }
  }

  private get active(): number {
    return this.preparing + this.following.size;
  }

  /** Starts waiting items until `inFlight` are in progress. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    const task = this.fill()
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'starting batch items failed'))
      .finally(() => {
        this.pumping = false;
        this.work.delete(task);
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.pump();
        }
      });
    this.work.add(task);
  }

  private async fill(): Promise<void> {
    while (!this.closing && this.active < this.deps.inFlight) {
      this.preparing += 1; // the place is taken while the claim is made
      let item: BatchItemRecord | null;
      try {
        item = await this.deps.batches.takeNextPending();
      } catch (error) {
        this.preparing -= 1;
        throw error;
      }
      // Closing meanwhile: a claimed item stays `preparing`, and the next start makes it wait again.
      if (!item || this.closing) {
        this.preparing -= 1;
        return;
      }
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
    const batch = await this.deps.batches.get(item.batchId);
    if (!batch) return;
    // A stopped server may have stored the job and died before marking the item: the job is resumed by the
    // job service, never submitted again.
    if (await this.deps.jobs.exists(item.jobId)) {
      await this.markSubmitted(item);
      return;
    }
    let request;
    try {
      request = await prepareItem(this.deps.prepare, batch, item);
    } catch (error) {
      if (this.closing) return;
      const message = error instanceof ItemRefused ? error.message : `items[${item.position}] (${item.name}) could not be prepared: ${(error as Error).message}`;
      await this.deps.batches.setItem(item.batchId, item.position, { state: 'failed', error: message });
      this.deps.changes.publish(item.batchId);
      return;
    }
    // Cancelled, deleted or closing while it was prepared: it stays as that made it (a closing server resumes it).
    if (this.closing || (await this.deps.batches.item(item.batchId, item.position))?.state !== 'preparing') return;
    const outcome = await this.deps.jobs.submit(request, batch.origins, item.jobId);
    if (!outcome.ok) {
      await this.deps.batches.setItem(item.batchId, item.position, { state: 'failed', error: `items[${item.position}] (${item.name}): ${summarise(outcome.errors)}` });
      this.deps.changes.publish(item.batchId);
      return;
    }
    await this.markSubmitted(item);
  }

  private async markSubmitted(item: BatchItemRecord): Promise<void> {
    await this.deps.batches.setItem(item.batchId, item.position, { state: 'submitted' });
    await this.follow(item.jobId, item.batchId);
    this.deps.changes.publish(item.batchId);
  }

  /** Stops starting items and waits for preparations in flight (their jobs are the job service's to close). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.work]);
  }
}
