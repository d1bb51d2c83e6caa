import type { FastifyBaseLogger } from 'fastify';
import type { BackgroundChangeRequest } from '../../src/core/index.ts';
import { missingOwnFile } from '../images/missing-own-file.ts';
import { resolveSource, type OwnOrigins } from '../images/own-source.ts';
import type { SourceLoader } from '../images/source-loader.ts';
import type { Provider } from '../providers/provider.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { resultKeys } from '../storage/blob-keys.ts';
import { newJobId } from '../storage/ids.ts';
import type { JobRecord, JobSources, SourceRef } from '../domain/job.ts';
import type { JobRepository } from '../storage/job-repository.ts';
import type { UploadRepository } from '../storage/upload-repository.ts';

/** How often the trash is swept at most: a trashed job goes between TRASH_GRACE and TRASH_GRACE + this. */
export const TRASH_SWEEP_MS = 60_000;

/**
 * How long a submit or restore waits for the work queue to take the job. A shared queue whose Redis is down
 * holds the enqueue until it is back; the job is stored already, and is queued then (the pending command, and
 * every replica's resume when its connection is back), so the request answers rather than hang with it.
 */
export const ENQUEUE_WAIT_MS = 5_000;

export type SubmitOutcome = { ok: true; job: JobRecord } | { ok: false; errors: Record<string, string> };

export interface JobServiceDeps {
  store: JobRepository;
  uploads: UploadRepository;
  blobs: BlobStore;
  sources: SourceLoader;
  provider: Provider;
  /** Where jobs wait for their provider's steps (this process's, or one shared by the replicas). */
  queue: JobQueue;
  log: FastifyBaseLogger;
  /** How long a deleted job stays in the trash, restorable, before it and its files are deleted for good. */
  trashGraceMs: number;
}

/**
 * Accepts jobs and enqueues their provider's first step (the work queue runs them off the request path), and
 * resumes them on start. Delete moves a job to the trash, from where `restore` brings it back until the sweep
 * purges it.
 */
export class JobService {
  private sweep: NodeJS.Timeout | null = null;

  constructor(private readonly deps: JobServiceDeps) {}

  get providerName(): string {
    return this.deps.provider.name;
  }

  /** Where each layer's image comes from; an own URL must name a file that exists. */
  async planSources(request: BackgroundChangeRequest, origins: OwnOrigins): Promise<{ ok: true; sources: JobSources } | { ok: false; errors: Record<string, string> }> {
    const errors: Record<string, string> = {};
    const plan = async (field: string, url: string): Promise<SourceRef | null> => {
      const resolved = resolveSource(url, origins);
      if (!resolved.ok) {
        errors[field] = `${field} ${resolved.reason}`;
        return null;
      }
      const ref = resolved.ref;
      const missing = await missingOwnFile(ref, this.deps);
      if (missing) errors[field] = `${field} points at ${missing} of this server that does not exist`;
      return ref;
    };
    // In this order, so that the errors name the fields in the order of the request.
    const foreground = await plan('origin_img', request.origin_img);
    const template = request.template_url ? await plan('template_url', request.template_url) : null;
    if (Object.keys(errors).length || !foreground) return { ok: false, errors };
    return { ok: true, sources: { foreground, template } };
  }

  /**
   * Stores a validated request as a queued job and starts it; nothing is stored when it is refused. `id` is
   * given by a batch, which fixes its items' job ids up front so that a resumed batch never submits one twice.
   */
  async submit(request: BackgroundChangeRequest, origins: OwnOrigins, id?: string): Promise<SubmitOutcome> {
    const planned = await this.planSources(request, origins);
    if (!planned.ok) return planned;
    const refused = this.deps.provider.refuse(request, planned.sources);
    if (refused) return { ok: false, errors: refused };
    const now = Date.now();
    const job: JobRecord = {
      id: id ?? newJobId(now),
      status: 'queued',
      provider: this.deps.provider.name,
      request,
      sources: planned.sources,
      createdAt: now,
      updatedAt: now,
      error: null,
      result: null,
      remoteId: null,
    };
    await this.deps.store.insert(job);
    await this.start(job);
    return { ok: true, job };
  }

  /** Queues the job's first step. Idempotent: a job whose step is queued already (a shared queue, another
   * replica's resume) is not queued twice; one whose step is running runs it once more after. */
  private async start(job: JobRecord): Promise<void> {
    const step = this.deps.provider.firstStep(job);
    const queued = this.deps.queue.enqueue(step.kind, job.id, { delayMs: step.delayMs });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ENQUEUE_WAIT_MS)));
    try {
      if ((await Promise.race([queued, late])) !== 'late') return;
    } finally {
      clearTimeout(timer);
    }
    this.deps.log.warn({ jobId: job.id }, `the work queue has not taken the job within ${ENQUEUE_WAIT_MS / 1000} s (is Redis reachable?): it is stored, and queued once the queue answers`);
    queued.catch((error: unknown) => this.deps.log.error({ jobId: job.id, err: error }, 'queuing the job failed: it waits for the next resume'));
  }

  /** Runs the provider's steps in this process (ROLE all or worker; an api process only enqueues). */
  takeWork(): void {
    this.deps.provider.work(this.deps.queue, (jobId, error) => {
      // Its attempts spent (the queue retried it): the job fails with the reason rather than wait unfinished.
      this.deps.log.error({ jobId, err: error }, 'job step failed its last attempt');
      const message = `the job failed after its retries: ${(error as Error).message}`;
      this.deps.store.updateUnfinished(jobId, { status: 'failed', error: { message } }).catch((failure: unknown) => this.deps.log.error({ jobId, err: failure }, 'could not mark the job failed'));
    });
  }

  /** Restarts what a stopped server left queued or processing: local jobs render again, Akool jobs poll. */
  async resume(): Promise<number> {
    const unfinished = await this.deps.store.listUnfinished();
    for (const job of unfinished) {
      if (job.provider !== this.deps.provider.name) {
        await this.deps.store.updateUnfinished(job.id, {
          status: 'failed',
          error: { message: `the job was sent to the ${job.provider} provider, but the server now runs ${this.deps.provider.name}` },
        });
        continue;
      }
      await this.start(job);
    }
    if (unfinished.length) this.deps.log.info({ count: unfinished.length }, 'resumed unfinished jobs');
    return unfinished.length;
  }

  get(id: string): Promise<JobRecord | null> {
    return this.deps.store.get(id);
  }

  /** The jobs of `ids` that exist (a batch's items' jobs), by id. */
  getMany(ids: readonly string[]): Promise<Map<string, JobRecord>> {
    return this.deps.store.getMany(ids);
  }

  /** True when a job with this id was ever stored and not yet purged (also in the trash). */
  exists(id: string): Promise<boolean> {
    return this.deps.store.existsIncludingTrash(id);
  }

  list(): Promise<JobRecord[]> {
    return this.deps.store.list();
  }

  /**
   * Moves the job to the trash; its files stay. An unfinished job stops: its runner finds it gone at its next
   * step (a render in progress ends, its result dropped; Akool is no longer polled). False when there is no such job.
   */
  delete(id: string): Promise<boolean> {
    return this.deps.store.trash(id);
  }

  /**
   * Takes a job out of the trash with its files, as it was; a job that is not in the trash is answered as it
   * is (a second Undo changes nothing). An unfinished job resumes as after a restart: a local one renders
   * again, an Akool one polls again (or is submitted again when Akool had not taken it yet). Null when there
   * is no such job, or it was purged.
   */
  async restore(id: string): Promise<JobRecord | null> {
    const live = await this.deps.store.get(id);
    if (live) return live;
    const restored = await this.deps.store.restore(id);
    if (!restored || restored.status === 'completed' || restored.status === 'failed') return restored;
    // The step the delete stopped may not have noticed yet: the queue then runs it once more after it ends.
    await this.start(restored);
    return restored;
  }

  /** Deletes for good the jobs in the trash longer than the grace period, and their files. Returns how many. */
  async purgeTrash(now = Date.now()): Promise<number> {
    const purged = await this.deps.store.purgeTrashed(now - this.deps.trashGraceMs);
    for (const id of purged) await Promise.all(resultKeys(id).map((key) => this.deps.blobs.delete(key)));
    if (purged.length) this.deps.log.info({ count: purged.length }, 'purged deleted jobs');
    return purged.length;
  }

  /** Purges the trash now (what a stopped server left there too) and then every TRASH_SWEEP_MS at most. */
  startTrashSweep(): Promise<number> {
    // Not more often than once a second, whatever the grace (tests use a tiny one).
    const every = Math.max(1000, Math.min(TRASH_SWEEP_MS, this.deps.trashGraceMs));
    const sweep = () =>
      this.purgeTrash().catch((error: unknown) => {
        this.deps.log.error({ err: error }, 'purging deleted jobs failed');
        return 0;
      });
    this.sweep ??= setInterval(() => void sweep(), every).unref();
    return sweep();
  }

  /** Stops the provider and the sweep. The queue's owner closes it after: that waits for the steps in flight,
   * so that the database can close after. */
  async close(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    this.deps.provider.close();
  }
}
