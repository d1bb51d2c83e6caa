import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { WorkInterrupted, type JobQueue, type QueuedWork, type WorkState } from '../queue/job-queue.ts';
import { removalAnswerKey, removalPhotoKey } from '../storage/blob-keys.ts';
import { isBlobNotFound, type BlobStore } from '../storage/blob-store.ts';
import type { ChangeFeed } from '../storage/change-feed.ts';
import type { UploadRepository } from '../storage/upload-repository.ts';
import { ModelUnavailable, RemovalQueueFull, RemoverClosed } from './background-remover.ts';
import { ForegroundRefused, type ForegroundOptions, type PreparedForeground } from './foreground-service.ts';

/** A foreground to prepare, its photo loaded and checked against the cache by the replica that was asked. */
export interface LoadedForeground {
  /** The prepared-foreground cache's key: the photo's SHA-256 and the options. */
  key: string;
  photo: Buffer;
  options: ForegroundOptions;
  /** The new upload's name ("bottle cut-out.png"), or null. */
  name: string | null;
}

/** What a worker answers, stored as a small JSON blob for the replica waiting for it. */
type RemovalAnswer =
  | ({ ok: true; uploadId: string } & Omit<PreparedForeground, 'upload'>)
  | { ok: false; status: 400 | 413 | 415 | 422 | 500 | 503; message: string; field?: string };

/** No worker answered within the asker's deadline (none running, or the line too long): HTTP 503. */
export class RemovalUnanswered extends Error {}

/** Seconds a removal takes, for Retry-After: the api replica measures none itself. */
const SECONDS_PER_REMOVAL = 3;
/** A woken request reads the answer; without a wake-up (a lost one) it looks again after this. */
const LOOK_AGAIN_MS = 10_000;
/** Long enough for a line of removals behind a model still loading; a request waits no longer. */
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export interface QueuedRemovalsDeps {
  queue: JobQueue;
  blobs: BlobStore;
  uploads: UploadRepository;
  /** Wakes the waiting request when its answer is stored (the job changes' feed: any key). */
  changes: ChangeFeed;
  /** remove-background steps waiting or running over every worker, past which requests get 503 + Retry-After. */
  queueLimit: number;
  /** How long a request waits for a worker's answer. */
  timeoutMs?: number;
}

/**
 * Background removal as a step of the work queue (`remove-background`), for an api replica (ROLE=api), which
 * never loads the model: `ask` stores the photo as a blob, enqueues a step whose id is the request's own and
 * whose state carries the options, and waits for the answer a worker stores as a blob; `takeWork` (workers)
 * runs the preparation and stores that answer. Bytes and answers cross through the shared blob store; the
 * change feed only wakes the request, which then reads the stored answer. Each request owns its two blobs and
 * deletes them once it has its answer (or gives up).
 */
export class QueuedRemovals {
  private readonly waits = new Set<AbortController>();
  /** Removals running in this worker by cache key: identical requests at once share one. */
  private readonly running = new Map<string, Promise<PreparedForeground>>();
  private closed = false;

  constructor(private readonly deps: QueuedRemovalsDeps) {}

  /** What GET /api/foregrounds/model says on an api replica: the model is the workers', not known here. */
  async state(): Promise<{ model: 'remote'; loadMs: null; queued: number; error: null }> {
    return { model: 'remote', loadMs: null, queued: await this.deps.queue.count('remove-background'), error: null };
  }

  /** Has a worker prepare the foreground; refusals come back as they were raised there. */
  async ask(request: LoadedForeground): Promise<PreparedForeground> {
    if (this.closed) throw new RemoverClosed();
    const depth = await this.deps.queue.count('remove-background');
    if (depth >= this.deps.queueLimit) throw new RemovalQueueFull(Math.max(1, Math.ceil(depth * SECONDS_PER_REMOVAL)));
    const id = randomUUID();
    await this.deps.blobs.put(removalPhotoKey(id), request.photo);
    try {
      const state: WorkState = { request: JSON.stringify({ key: request.key, options: request.options, name: request.name }) };
      await this.deps.queue.enqueue('remove-background', id, { state });
      return await this.answerOf(await this.waitForAnswer(id));
    } finally {
      // The photo first: a worker that has not answered yet finds it gone and stores no answer.
      await this.deps.blobs.delete(removalPhotoKey(id));
      await this.deps.blobs.delete(removalAnswerKey(id));
    }
  }

  private async waitForAnswer(id: string): Promise<RemovalAnswer> {
    const timeoutMs = this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.closed) throw new RemoverClosed();
      const left = deadline - Date.now();
      if (left <= 0) throw new RemovalUnanswered(`no worker answered the background removal within ${Math.round(timeoutMs / 1000)} s: try again later`);
      // The wait starts before the read: an answer stored in between still wakes it.
      const stop = new AbortController();
      this.waits.add(stop);
      const woken = this.deps.changes.wait(feedKey(id), Math.min(left, LOOK_AGAIN_MS), stop.signal);
      try {
        const answer = await this.readAnswer(id);
        if (answer) return answer;
        await woken;
      } finally {
        stop.abort();
        this.waits.delete(stop);
      }
    }
  }

  private async readAnswer(id: string): Promise<RemovalAnswer | null> {
    try {
      return JSON.parse((await this.deps.blobs.get(removalAnswerKey(id))).toString('utf8')) as RemovalAnswer;
    } catch (error) {
      if (isBlobNotFound(error)) return null;
      throw error;
    }
  }

  private async answerOf(answer: RemovalAnswer): Promise<PreparedForeground> {
    if (!answer.ok) {
      if (answer.status === 503) throw new ModelUnavailable(answer.message);
      if (answer.status === 500) throw new Error(`the background removal failed on a worker: ${answer.message}`);
      throw new ForegroundRefused(answer.message, answer.status, answer.field);
    }
    const { ok: _ok, uploadId, ...prepared } = answer;
    const upload = await this.deps.uploads.get(uploadId);
    if (!upload) throw new Error(`the cut-out ${uploadId} a worker stored is gone`);
    // A worker on an older version answers without the measure: not measured.
    return { upload, ...prepared, halfTransparent: prepared.halfTransparent ?? null };
  }

  /** Takes remove-background steps (ROLE worker or all): `prepare` runs the removal in this process. */
  takeWork(prepare: (request: LoadedForeground) => Promise<PreparedForeground>, log: FastifyBaseLogger): void {
    this.deps.queue.process('remove-background', (work) => this.work(work, prepare, log), {
      // The remover runs one removal at a time (the model uses every core); a second step reads its photo meanwhile.
      concurrency: 2,
      onGiveUp: (id, error) => {
        log.error({ removal: id, err: error }, 'background removal failed');
        this.answer(id, { ok: false, status: 500, message: (error as Error).message }).catch((failure: unknown) => log.warn({ removal: id, err: failure }, 'could not store the failed removal'));
      },
    });
  }

  private async work({ jobId: id, state }: QueuedWork, prepare: (request: LoadedForeground) => Promise<PreparedForeground>, log: FastifyBaseLogger): Promise<void> {
    if (typeof state?.request !== 'string') return; // not asked by `ask`: nothing to do
    const { key, options, name } = JSON.parse(state.request) as Omit<LoadedForeground, 'photo'>;
    let photo;
    try {
      photo = await this.deps.blobs.get(removalPhotoKey(id));
    } catch (error) {
      if (isBlobNotFound(error)) return; // the request has its answer already, or gave up
      throw error;
    }
    const started = Date.now();
    let answer: RemovalAnswer;
    try {
      let removal = this.running.get(key);
      if (!removal) {
        removal = prepare({ key, photo, options, name }).finally(() => this.running.delete(key));
        this.running.set(key, removal);
      }
      const { upload, ...prepared } = await removal;
      answer = { ok: true, uploadId: upload.id, ...prepared };
    } catch (error) {
      // This process is stopping: the step is left to another worker.
      if (error instanceof RemoverClosed) throw new WorkInterrupted();
      if (error instanceof ForegroundRefused) answer = { ok: false, status: error.statusCode, message: error.message, field: error.field };
      else if (error instanceof ModelUnavailable) answer = { ok: false, status: 503, message: error.message };
      else throw error; // retried, then answered by onGiveUp
    }
    await this.answer(id, answer);
    log.info({ removal: id, ok: answer.ok, ms: Date.now() - started }, 'remove-background step done');
  }

  /**
   * Stores the answer, drops the photo and wakes the request; nothing when the photo has gone (the request gave
   * up, or this step ran again after answering): nobody would read it.
   */
  private async answer(id: string, answer: RemovalAnswer): Promise<void> {
    if (!(await this.deps.blobs.stat(removalPhotoKey(id)))) return;
    await this.deps.blobs.put(removalAnswerKey(id), Buffer.from(JSON.stringify(answer)));
    await this.deps.blobs.delete(removalPhotoKey(id));
    this.deps.changes.publish(feedKey(id));
  }

  /** Waiting requests answer 503 at once: a closing server must not hold them. */
  close(): void {
    this.closed = true;
    for (const stop of this.waits) stop.abort();
  }
}

const feedKey = (id: string) => `removal:${id}`;
