import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { BackgroundChangeRequest } from '../../../src/core/index.ts';
import type { AkoolSettings, ProviderName } from '../../config.ts';
import { signPath, type UrlSigner } from '../../access/signed-url.ts';
import { completeJob, failJob, isFinal } from '../job-outcome.ts';
import { FetchError, guardedFetch } from '../../net/guarded-fetch.ts';
import type { JobRecord, JobSources, SourceRef } from '../../domain/job.ts';
import type { AkoolWebhookEvent } from './akool-webhook.ts';
import type { WebhookEventRepository } from '../../storage/webhook-event-repository.ts';
import { AkoolApiError, AkoolUnavailable, type AkoolClient } from './akool-client.ts';
import type { Provider, ProviderDeps } from '../provider.ts';
import { WorkInterrupted, type JobQueue, type QueuedWork, type WorkKind, type WorkOutcome, type WorkState } from '../../queue/job-queue.ts';

export interface AkoolProviderOptions {
  settings: AkoolSettings;
  client: AkoolClient;
  publicBaseUrl: string | null;
  /** Our callback address, or null when webhooks cannot be received or verified (then we only poll). */
  webhookUrl: string | null;
  jobTimeoutMs: number;
  fetchAllowHosts: readonly string[];
  /** Cap on one result download (the time left before JOB_TIMEOUT caps it too). */
  fetchTimeoutMs?: number;
  /** With ACCESS_TOKEN set: signs the URLs of our files that Akool fetches without the token. */
  signer?: UrlSigner | null;
  /** 0 <= x < 1; Math.random unless a test pins it. */
  random?: () => number;
  /** Where webhooks that came before the submit's answer wait, for whichever replica records the `_id`. */
  webhookEvents: WebhookEventRepository;
  /**
   * Processes share the work queue (Redis): a submit is claimed in the job repository first, so that a step
   * run again elsewhere while one waits for Akool's answer does not send the job twice. Off in one process,
   * whose queue never runs a step twice at once, and whose restart leaves no sender alive.
   */
  claimSubmits?: boolean;
}

/** How long a webhook with no job of ours is kept: Akool's answer to a submit comes within seconds. */
const EARLY_WEBHOOK_KEPT_MS = 10 * 60_000;

const DOWNLOAD_ATTEMPTS = 4;

/** Exponential backoff with "equal jitter": the ceiling doubles per attempt up to `max`, and the wait is
 * a random point in its upper half, so that many clients told 1005 at once do not come back in step. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.min(attempt, 30), maxMs);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
const STATUS_BY_IMAGE_STATUS = { 1: 'queued', 2: 'processing' } as const;
/** Akool steps run at once by one process, of each kind: a submit may wait out 1005s for minutes. */
const AKOOL_STEPS_AT_ONCE = 64;

class Stopped extends Error {}

/** What `submit` answers when another run of the step holds the job's claim: it is being sent right now. */
const SENT_ELSEWHERE = Symbol('sent elsewhere');
/** Added to a submit claim for processes whose clocks differ a little. */
const CLAIM_SLACK_MS = 10_000;

/**
 * Runs jobs through Akool with the server's credentials: submits (an `akool-submit` step), then polls
 * infobymodelid as a fallback to the webhook (an `akool-poll` step, run again, delayed, until the job is
 * final), and copies the result into DATA_DIR at once (Akool's URLs expire after 7 days).
 */
export class AkoolProvider implements Provider {
  readonly name: ProviderName = 'akool';
  private readonly stop = new AbortController();
  /** Result downloads in flight, so that a webhook and a poll reporting the same result download it once. */
  private readonly downloads = new Map<string, Promise<void>>();
  /**
   * Until when no job is submitted, after Akool answered 1005 ("too frequent"): every job waiting to be sent
   * (a batch's items above all) backs off together, instead of each finding out with a 1005 of its own.
   */
  private throttledUntil = 0;
  /** Where a submit enqueues the job's polls (set by `work`). */
  private queue: JobQueue | null = null;

  constructor(
    private readonly deps: ProviderDeps,
    private readonly options: AkoolProviderOptions,
  ) {}

  /** Akool fetches the images itself, so it can only use URLs it can reach. */
  refuse(_request: BackgroundChangeRequest, sources: JobSources): Record<string, string> | null {
    if (this.options.publicBaseUrl) return null;
    const errors: Record<string, string> = {};
    const check = (field: string, ref: SourceRef | null) => {
      if (ref && ref.kind !== 'remote') {
        errors[field] = `${field} is a file on this server, which Akool cannot fetch: set PUBLIC_BASE_URL to an address Akool can reach, or use a public image URL`;
      }
    };
    check('origin_img', sources.foreground);
    check('template_url', sources.template);
    return Object.keys(errors).length ? errors : null;
  }

  private signed(path: string): string {
    return this.options.signer ? signPath(this.options.signer, path) : path;
  }

  private publicUrl(ref: SourceRef): string {
    const base = this.options.publicBaseUrl ?? '';
    switch (ref.kind) {
      case 'remote':
        return ref.url;
      case 'upload':
        return `${base}${this.signed(`/api/uploads/${ref.id}`)}`;
      case 'sample':
        return `${base}/samples/${ref.name}`;
      case 'result':
        return `${base}${this.signed(`/api/jobs/${ref.jobId}/result`)}`;
    }
  }

  /** The body Akool receives: the request with our files' public URLs and our webhook. */
  akoolBody(job: JobRecord): Record<string, unknown> {
    const body: Record<string, unknown> = { ...job.request, origin_img: this.publicUrl(job.sources.foreground) };
    if (job.sources.template) body.template_url = this.publicUrl(job.sources.template);
    delete body.webhookUrl;
    if (this.options.webhookUrl) body.webhookUrl = this.options.webhookUrl;
    return body;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stop.signal.aborted) return reject(new Stopped());
      const timer = setTimeout(() => {
        this.stop.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Stopped());
      };
      this.stop.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private backoff(attempt: number): number {
    const { retryBaseMs, retryMaxMs } = this.options.settings;
    return backoffDelay(attempt, retryBaseMs, retryMaxMs, this.options.random);
  }

  private deadlineOf(job: JobRecord): number {
    return job.createdAt + this.options.jobTimeoutMs;
  }

  private timeoutMessage(): string {
    const ms = this.options.jobTimeoutMs;
    const span = ms >= 60_000 ? `${Number((ms / 60_000).toFixed(1))} min` : ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
    return `Akool did not finish the job within ${span} (JOB_TIMEOUT); it was given up`;
  }

  firstStep(job: JobRecord): { kind: WorkKind; delayMs?: number } {
    return job.remoteId ? { kind: 'akool-poll', delayMs: this.firstPollDelay(job) } : { kind: 'akool-submit' };
  }

  work(queue: JobQueue, onGiveUp: (jobId: string, error: unknown) => void): void {
    this.queue = queue;
    queue.process('akool-submit', ({ jobId }) => this.step(jobId, () => this.submitStep(jobId), false), { concurrency: AKOOL_STEPS_AT_ONCE, onGiveUp });
    queue.process('akool-poll', (work) => this.step(work.jobId, () => this.pollStep(work), true), { concurrency: AKOOL_STEPS_AT_ONCE, onGiveUp });
  }

  /** The first poll waits pollInitialMs (Akool is not done sooner), but never past the deadline. */
  private firstPollDelay(job: JobRecord): number {
    return Math.min(this.options.settings.pollInitialMs, Math.max(0, this.deadlineOf(job) - Date.now()));
  }

  /**
   * A step's failure fails the job; a stop leaves it to another worker or the next start. A poll (`retried`)
   * that fails on anything but Akool's own answer (the database, the blob store) is run again by the queue, and
   * failed by the job service once given up. A submit is never run again blind: Akool may have the job.
   */
  private async step(jobId: string, body: () => Promise<WorkOutcome>, retried: boolean): Promise<WorkOutcome> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof Stopped) throw new WorkInterrupted();
      if (retried && !(error instanceof AkoolApiError)) throw error;
      await failJob(this.deps, jobId, { message: `the Akool job failed: ${(error as Error).message}` });
    }
  }

  /** Submits the job unless Akool has it already, then enqueues its first poll. */
  private async submitStep(jobId: string): Promise<WorkOutcome> {
    let current = await this.deps.store.get(jobId);
    if (isFinal(current)) return;
    if (!current!.remoteId) {
      const sent = await this.submit(current!, this.deadlineOf(current!));
      // Another run of this step is sending it (one that Redis lost and a resume enqueued again): look again
      // once Akool may have answered it; by then the job has its _id, or the claim has run out.
      if (sent === SENT_ELSEWHERE) {
        this.deps.log.info({ jobId }, 'another run is sending this job to Akool: waiting for its answer');
        return { againInMs: this.options.settings.pollInitialMs };
      }
      current = sent;
    }
    if (current) await this.queue!.enqueue('akool-poll', jobId, { delayMs: this.firstPollDelay(current) });
  }

  /** Sends the job to Akool; 1005 ("too frequent") and network trouble back off and retry until the deadline. */
  private async submit(job: JobRecord, deadline: number): Promise<JobRecord | null | typeof SENT_ELSEWHERE> {
    let lastError: Error | null = null;
    const claimant = randomUUID();
    for (let attempt = 0; ; attempt += 1) {
      if (Date.now() >= deadline) {
        // A backoff that overran the deadline still says what Akool last answered.
        const last = lastError ? `; last answer: ${lastError.message}` : '';
        await failJob(this.deps, job.id, { message: `${this.timeoutMessage()}${last}` });
        return null;
      }
      const hold = this.throttledUntil - Date.now();
      if (hold > 0) {
        if (Date.now() + hold >= deadline) {
          await failJob(this.deps, job.id, { message: `${this.timeoutMessage()}; last answer: ${lastError?.message ?? 'Akool says requests are too frequent (1005), and the wait for it ran past the deadline'}` });
          return null;
        }
        await this.sleep(hold);
        continue;
      }
      // One sender at a time over all processes, for as long as one call may take (a token bought, the call, its
      // repeat after 1101). A sender that died mid-call leaves its claim to run out: Akool has no idempotency
      // key, so only then may the job be sent again.
      const claimUntil = Date.now() + 3 * this.options.settings.requestTimeoutMs + CLAIM_SLACK_MS;
      if (this.options.claimSubmits && !(await this.deps.store.claimSubmit(job.id, claimant, claimUntil))) return SENT_ELSEWHERE;
      try {
        const data = await this.options.client.submitBackgroundChange(this.akoolBody(job), deadline - Date.now());
        const remoteId = typeof data._id === 'string' ? data._id : null;
        if (!remoteId) throw new Error('Akool accepted the job but gave no _id');
        const status = STATUS_BY_IMAGE_STATUS[data.image_status as 1 | 2] ?? 'queued';
        const updated = await this.deps.store.setRemoteId(job.id, remoteId, status);
        this.deps.log.info({ jobId: job.id, remoteId }, 'submitted to Akool');
        // A webhook that came first (to any replica) waits in the store until the id is recorded.
        const early = await this.options.webhookEvents.take(remoteId).catch((error: unknown) => {
          this.deps.log.error({ jobId: job.id, err: error }, 'reading early webhooks failed; the job is polled');
          return null;
        });
        if (early) await this.handleWebhook(early).catch((error: unknown) => this.deps.log.error({ jobId: job.id, err: error }, 'webhook update failed'));
        return updated;
      } catch (error) {
        const retryable = error instanceof AkoolUnavailable || (error instanceof AkoolApiError && error.code === 1005);
        if (!retryable) {
          const code = error instanceof AkoolApiError ? error.code : undefined;
          await failJob(this.deps, job.id, { code, message: (error as Error).message });
          return null;
        }
        // Akool's last real answer (1005, an HTTP 500) says more than a call cut short at the deadline.
        const cutShort = error instanceof AkoolUnavailable && error.timedOut;
        if (!cutShort || !lastError) lastError = error as Error;
        const wait = this.backoff(attempt);
        if (Date.now() + wait >= deadline) {
          await failJob(this.deps, job.id, { message: `${this.timeoutMessage()}; last answer: ${lastError.message}` });
          return null;
        }
        if (error instanceof AkoolApiError && error.code === 1005) this.throttledUntil = Math.max(this.throttledUntil, Date.now() + wait);
        this.deps.log.warn({ jobId: job.id, wait }, `submit retried: ${(error as Error).message}`);
        await this.sleep(wait);
      }
    }
  }

  /** Polls infobymodelid once; asks to poll again until the job is final: after an interval growing x1.5 from
   * pollInitialMs up to pollMaxMs, or, after 1005 or an unanswered or garbled call, with exponential backoff
   * and jitter. All of it ends at the deadline. The interval and the failures so far are the step's state. */
  private async pollStep({ jobId, state }: QueuedWork): Promise<WorkOutcome> {
    let interval = Number(state?.interval ?? this.options.settings.pollInitialMs);
    const failures = Number(state?.failures ?? 0);
    await this.downloads.get(jobId);
    const current = await this.deps.store.get(jobId);
    if (isFinal(current)) return; // finished by the webhook, or deleted
    const job = current!;
    if (!job.remoteId) return this.queue!.enqueue('akool-submit', jobId); // not submitted yet: never polled blind
    const deadline = this.deadlineOf(job);
    if (Date.now() >= deadline) {
      await failJob(this.deps, jobId, { message: this.timeoutMessage() });
      return;
    }
    const later = (wait: number, next: WorkState) => ({ againInMs: Math.min(wait, Math.max(0, deadline - Date.now())), state: next });
    let data: Record<string, unknown>;
    try {
      data = await this.options.client.imageInfo(job.remoteId, deadline - Date.now());
    } catch (error) {
      if (error instanceof AkoolUnavailable || (error instanceof AkoolApiError && error.code === 1005)) {
        const wait = Math.max(interval, this.backoff(failures));
        this.deps.log.warn({ jobId, wait, failures: failures + 1 }, `poll failed, retrying: ${error.message}`);
        return later(wait, { interval, failures: failures + 1 });
      }
      await failJob(this.deps, jobId, { code: error instanceof AkoolApiError ? error.code : undefined, message: (error as Error).message });
      return;
    }
    interval = Math.min(Math.round(interval * 1.5), this.options.settings.pollMaxMs);
    await this.apply(jobId, Number(data.image_status), typeof data.image === 'string' ? data.image : null, data.error_reasons, deadline);
    if (isFinal(await this.deps.store.get(jobId))) return;
    return later(interval, { interval, failures: 0 });
  }

  /** Takes a status Akool reported (by poll or webhook) into the job. */
  private async apply(jobId: string, status: number, url: string | null, reasons: unknown, deadline: number): Promise<void> {
    if (status === 1 || status === 2) {
      const current = await this.deps.store.get(jobId);
      if (current && current.status !== STATUS_BY_IMAGE_STATUS[status]) {
        await this.deps.store.updateUnfinished(jobId, { status: STATUS_BY_IMAGE_STATUS[status] });
      }
    } else if (status === 3) {
      if (!url) {
        await failJob(this.deps, jobId, { message: 'Akool reported the job completed but gave no image URL' });
        return;
      }
      await this.download(jobId, url, deadline);
    } else if (status === 4) {
      const why = Array.isArray(reasons) && reasons.length ? `: ${reasons.slice(0, 5).map((r) => (typeof r === 'string' ? r : JSON.stringify(r)).slice(0, 300)).join('; ')}` : '';
      await failJob(this.deps, jobId, { code: 1206, message: `Akool could not process the background change${why}` });
    }
  }

  /** Copies Akool's result into DATA_DIR (as PNG), retrying a failed download a few times with backoff, all
   * before the deadline. A 4xx answer (other than 408/429) is final: the URL will not start working. */
  private download(jobId: string, url: string, deadline: number): Promise<void> {
    const running = this.downloads.get(jobId);
    if (running) return running;
    const task = (async () => {
      let lastError: Error | null = null;
      for (let attempt = 0; attempt < DOWNLOAD_ATTEMPTS; attempt += 1) {
        if (isFinal(await this.deps.store.get(jobId))) return;
        const left = deadline - Date.now();
        if (left <= 0) break;
        try {
          const { body } = await guardedFetch(url, {
            allowHosts: this.options.fetchAllowHosts,
            timeoutMs: Math.min(left, this.options.fetchTimeoutMs ?? left),
          });
          let png: Buffer;
          try {
            const meta = await sharp(body).metadata();
            png = meta.format === 'png' ? body : await sharp(body).png().toBuffer();
          } catch {
            throw new Error('the downloaded file is not an image');
          }
          await completeJob(this.deps, jobId, png);
          return;
        } catch (error) {
          lastError = error as Error;
          this.deps.log.warn({ jobId, attempt }, `result download failed: ${lastError.message}`);
          const status = error instanceof FetchError ? error.status : undefined;
          if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) break;
          const wait = this.backoff(attempt);
          if (attempt + 1 < DOWNLOAD_ATTEMPTS && Date.now() + wait < deadline) await this.sleep(wait);
          else if (attempt + 1 < DOWNLOAD_ATTEMPTS) break;
        }
      }
      const why = lastError?.message ?? this.timeoutMessage();
      await failJob(this.deps, jobId, { message: `Akool finished, but its result could not be downloaded: ${why}` });
    })()
      .catch((error: unknown) => {
        if (!(error instanceof Stopped)) throw error;
      })
      .finally(() => this.downloads.delete(jobId));
    this.downloads.set(jobId, task);
    return task;
  }

  /** A verified, decrypted webhook. Returns at once; a result is downloaded in the background. */
  async handleWebhook(event: AkoolWebhookEvent): Promise<'applied' | 'repeated' | 'unknown'> {
    let job = await this.deps.store.findByRemoteId(event.remoteId);
    if (!job) {
      // Either Akool's answer to our submit is still on its way (possibly to another replica), or no job of
      // ours has this _id: kept a while for whoever records the id. Then one more look: if the id was recorded
      // meanwhile, that replica may have looked before the event was kept, so whoever takes it applies it.
      const events = this.options.webhookEvents;
      await events.keep(event);
      void events.forgetBefore(Date.now() - EARLY_WEBHOOK_KEPT_MS).catch(() => {});
      job = await this.deps.store.findByRemoteId(event.remoteId);
      const taken = job ? await events.take(event.remoteId) : null;
      if (!job || !taken) return 'unknown';
      event = taken;
    }
    if (isFinal(job)) return 'repeated'; // Akool retries callbacks: the second one changes nothing
    this.apply(job.id, event.status, event.url, [], this.deadlineOf(job)).catch((error: unknown) =>
      this.deps.log.error({ jobId: job.id, err: error }, 'webhook update failed'),
    );
    return 'applied';
  }

  close(): void {
    this.stop.abort();
  }
}
