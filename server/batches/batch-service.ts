import type { FastifyBaseLogger } from 'fastify';
import { batchFileNames, summarise, type BatchRequest } from '../../src/core/index.ts';
import type { OwnOrigins } from '../images/own-source.ts';
import type { JobService } from '../jobs/job-service.ts';
import { storedRequest } from '../jobs/stored-request.ts';
import type { BatchItemRecord, BatchRecord } from '../domain/batch.ts';
import { WorkInterrupted, type JobQueue } from '../queue/job-queue.ts';
import type { BatchRepository } from '../storage/batch-repository.ts';
import type { ChangeFeed } from '../storage/change-feed.ts';
import { newJobId } from '../storage/ids.ts';
import { ItemRefused, prepareItem, type PrepareDeps } from './prepare-item.ts';

export interface BatchServiceDeps {
  batches: BatchRepository;
  jobs: JobService;
  /** Where items wait to be prepared, as `batch-item` steps (this process's queue, or one shared by the replicas). */
  queue: JobQueue;
  prepare: PrepareDeps;
  /** Wakes long polls on a batch (keyed by batch id). */
  changes: ChangeFeed;
  log: FastifyBaseLogger;
  /** Items prepared or rendering at once, over all batches and every process sharing the database: the rest
   * wait as rows, not in memory nor in the queue. */
  inFlight: number;
}

/** Akool's "not enough quota": the account is out of credits, so the whole batch waits for a resume. */
export const AKOOL_NO_QUOTA = 1006;

const isFinalStatus = (status: string | undefined) => status === 'completed' || status === 'failed';

/**
 * Runs batches: each item becomes an ordinary job (the job service submits it, so the provider, the job routes
 * and Akool's protocol all work for it). At most `inFlight` items are being prepared or rendered at a time, over
 * every process (the repository counts them as it claims); the others wait as rows, so memory does not grow with
 * the batch. A claimed item is a `batch-item` step of the work queue under its job id (fixed when the batch is
 * made), run by a worker: a shared queue hands the step of a worker that died to another, and the item is
 * marked submitted only after its job is stored, so every item becomes one job, once.
 */
export class BatchService {
  private readonly work = new Set<Promise<void>>();
  private closing = false;
  /** One pump at a time: a second one asked for meanwhile runs after it (claims are bounded by the repository). */
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
    this.pump(); // its items in flight no longer count
    return true;
  }

  /** Prepares the items this process is given by the queue (ROLE all or worker; an api process only enqueues). */
  takeWork(): void {
    this.deps.queue.process('batch-item', ({ jobId }) => this.prepareStep(jobId), {
      concurrency: this.deps.inFlight,
      onGiveUp: (jobId, error) => this.track(this.gaveUp(jobId, error), { jobId }, 'failing a batch item failed'),
    });
  }

  /**
   * At start, and when a shared queue's Redis is back (it may have lost its steps): the items left `preparing`
   * are enqueued again (idempotent per id: a step still queued or running elsewhere is not doubled, and one run
   * again finds its item submitted), and waiting items are claimed.
   */
  async resumeWork(): Promise<void> {
    const preparing = await this.deps.batches.preparingJobIds();
    for (const jobId of preparing) await this.deps.queue.enqueue('batch-item', jobId);
    if (preparing.length) this.deps.log.info({ preparing: preparing.length }, 'resumed batches');
    this.pump();
  }

  /** Told of every change of every job this process makes (by the job repository): a batch item's job
   * finishing frees a place, and long polls on its batch wake. */
  jobChanged(jobId: string): void {
    let batchId: string | undefined;
    // Not inside the repository's write that told us. Long polls on the batch wake once the change is taken in
    // (a job out of quota has put its item back and paused the batch), so they never see it half done.
    const task = (async () => {
      const item = await this.deps.batches.itemByJob(jobId);
      if (!item) return;
      batchId = item.batchId;
      if (item.state === 'submitted') await this.jobSettled(item);
    })()
      .catch((error: unknown) => this.deps.log.error({ err: error, batchId, jobId }, 'following a batch job failed'))
      .finally(() => {
        if (batchId) this.deps.changes.publish(batchId);
        this.work.delete(task);
      });
    this.work.add(task);
  }

  /** Reads a submitted item's job: once it is final its place is free; out of quota, the item waits again. */
  private async jobSettled(item: BatchItemRecord): Promise<void> {
    const job = await this.deps.jobs.get(item.jobId);
    if (job?.status === 'failed' && job.error?.code === AKOOL_NO_QUOTA) {
      // Akool refused it for want of credits (none spent): the item waits again, under a new job id, and the
      // batch stops starting items until it is resumed.
      await this.deps.batches.setItem(item.batchId, item.position, { state: 'pending', error: null, jobId: newJobId() });
      if (await this.deps.batches.pause(item.batchId)) this.deps.log.warn({ batchId: item.batchId }, 'batch paused: the Akool account has no quota left (1006)');
      this.pump();
      return;
    }
    if (!job || isFinalStatus(job.status)) this.pump();
  }

  private track(promise: Promise<void>, context: object, message: string): void {
    const task = promise.catch((error: unknown) => this.deps.log.error({ err: error, ...context }, message)).finally(() => this.work.delete(task));
    this.work.add(task);
  }

  /** Claims waiting items while places are free (over every process) and enqueues them as steps. */
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
    if (this.closing) return;
    // A process that dies between the claim and the enqueue leaves its items `preparing`: the next start's
    // (or Redis reconnection's) resume enqueues them.
    for (const item of await this.deps.batches.claimPending(this.deps.inFlight)) await this.deps.queue.enqueue('batch-item', item.jobId);
  }

  /**
   * The `batch-item` step: the item of this job id is prepared and submitted as that job. It may run again
   * (a worker died, Redis was restarted, a start's resume): it then finds its item past `preparing`, or its
   * job stored, and submits nothing twice. A refused item fails at once; another error is retried by the
   * queue, and `gaveUp` fails the item after the last attempt.
   */
  private async prepareStep(jobId: string): Promise<void> {
    const item = await this.deps.batches.itemByJob(jobId);
    // Submitted, failed, cancelled or deleted meanwhile, or given another job id by a retry.
    if (item?.state !== 'preparing') return;
    const batch = await this.deps.batches.get(item.batchId);
    if (!batch) return;
    // A stopped or killed worker may have stored the job and died before marking the item: the job is resumed
    // by the job service, never submitted again.
    if (await this.deps.jobs.exists(item.jobId)) {
      await this.markSubmitted(item);
      return;
    }
    let request;
    try {
      request = await prepareItem(this.deps.prepare, batch, item);
    } catch (error) {
      // Closing: its background removal was stopped, say; the step is left for another worker or the next start.
      if (this.closing) throw new WorkInterrupted();
      if (!(error instanceof ItemRefused)) throw error;
      await this.fail(item, error.message);
      return;
    }
    if (this.closing) throw new WorkInterrupted();
    // Cancelled or deleted while it was prepared: it stays as that made it.
    if ((await this.deps.batches.item(item.batchId, item.position))?.state !== 'preparing') return;
    const outcome = await this.deps.jobs.submit(request, batch.origins, item.jobId);
    if (!outcome.ok) {
      await this.fail(item, `items[${item.position}] (${item.name}): ${summarise(outcome.errors)}`);
      return;
    }
    await this.markSubmitted(item);
  }

  /** The step failed its last attempt: the item fails with the reason (unless it has moved on meanwhile). */
  private async gaveUp(jobId: string, error: unknown): Promise<void> {
    const item = await this.deps.batches.itemByJob(jobId);
    if (item?.state !== 'preparing') return;
    await this.fail(item, `items[${item.position}] (${item.name}) could not be prepared: ${(error as Error).message}`);
  }

  private async fail(item: BatchItemRecord, message: string): Promise<void> {
    await this.deps.batches.setItem(item.batchId, item.position, { state: 'failed', error: message });
    this.deps.changes.publish(item.batchId);
    this.pump();
  }

  private async markSubmitted(item: BatchItemRecord): Promise<void> {
    await this.deps.batches.setItem(item.batchId, item.position, { state: 'submitted' });
    // Its job may have ended already (changes of it heard meanwhile found the item still preparing).
    await this.jobSettled({ ...item, state: 'submitted' });
    this.deps.changes.publish(item.batchId);
  }

  /** Stops starting items and waits for this service's work in flight (the queue's owner waits for its steps). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.work]);
  }
}
