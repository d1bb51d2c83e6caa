import { existsSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { BackgroundChangeRequest } from '../../src/core/index.ts';
import { resolveSource, type OwnOrigins } from '../images/own-source.ts';
import type { SourceLoader } from '../images/source-loader.ts';
import type { Provider } from '../providers/provider.ts';
import type { FileStore } from '../storage/file-store.ts';
import { newJobId } from '../storage/ids.ts';
import type { JobRecord, JobSources, JobStore, SourceRef } from '../storage/job-store.ts';
import type { UploadStore } from '../storage/upload-store.ts';

export type SubmitOutcome = { ok: true; job: JobRecord } | { ok: false; errors: Record<string, string> };

export interface JobServiceDeps {
  store: JobStore;
  uploads: UploadStore;
  files: FileStore;
  sources: SourceLoader;
  provider: Provider;
  log: FastifyBaseLogger;
}

/** Accepts jobs, hands them to the configured provider off the request path, and resumes them on start. */
export class JobService {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: JobServiceDeps) {}

  get providerName(): string {
    return this.deps.provider.name;
  }

  /** Where each layer's image comes from; an own URL must name a file that exists. */
  planSources(request: BackgroundChangeRequest, origins: OwnOrigins): { ok: true; sources: JobSources } | { ok: false; errors: Record<string, string> } {
    const errors: Record<string, string> = {};
    const plan = (field: string, url: string): SourceRef | null => {
      const resolved = resolveSource(url, origins);
      if (!resolved.ok) {
        errors[field] = `${field} ${resolved.reason}`;
        return null;
      }
      const ref = resolved.ref;
      const missing =
        (ref.kind === 'upload' && !this.deps.uploads.get(ref.id)) ||
        (ref.kind === 'sample' && !existsSync(this.deps.sources.samplePath(ref.name))) ||
        (ref.kind === 'result' && this.deps.store.get(ref.jobId)?.status !== 'completed');
      if (missing) {
        const what = ref.kind === 'upload' ? 'an upload' : ref.kind === 'sample' ? 'a sample image' : 'a completed job result';
        errors[field] = `${field} points at ${what} of this server that does not exist`;
      }
      return ref;
    };
    const foreground = plan('origin_img', request.origin_img);
    const template = request.template_url ? plan('template_url', request.template_url) : null;
    if (Object.keys(errors).length || !foreground) return { ok: false, errors };
    return { ok: true, sources: { foreground, template } };
  }

  /** Stores a validated request as a queued job and starts it; nothing is stored when it is refused. */
  submit(request: BackgroundChangeRequest, origins: OwnOrigins): SubmitOutcome {
    const planned = this.planSources(request, origins);
    if (!planned.ok) return planned;
    const refused = this.deps.provider.refuse(request, planned.sources);
    if (refused) return { ok: false, errors: refused };
    const now = Date.now();
    const job: JobRecord = {
      id: newJobId(now),
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
    this.deps.store.insert(job);
    this.start(job);
    return { ok: true, job };
  }

  private start(job: JobRecord): void {
    const task = this.deps.provider
      .run(job)
      .catch((error: unknown) => this.deps.log.error({ jobId: job.id, err: error }, 'job runner crashed'))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Restarts what a stopped server left queued or processing: local jobs render again, Akool jobs poll. */
  resume(): number {
    const unfinished = this.deps.store.listUnfinished();
    for (const job of unfinished) {
      if (job.provider !== this.deps.provider.name) {
        this.deps.store.updateUnfinished(job.id, {
          status: 'failed',
          error: { message: `the job was sent to the ${job.provider} provider, but the server now runs ${this.deps.provider.name}` },
        });
        continue;
      }
      this.start(job);
    }
    if (unfinished.length) this.deps.log.info({ count: unfinished.length }, 'resumed unfinished jobs');
    return unfinished.length;
  }

  get(id: string): JobRecord | null {
    return this.deps.store.get(id);
  }

  list(): JobRecord[] {
    return this.deps.store.list();
  }

  async delete(id: string): Promise<boolean> {
    const deleted = this.deps.store.delete(id);
    if (deleted) await this.deps.files.deleteResult(id);
    return deleted;
  }

  /** Stops the provider and waits for work in flight, so that the database can close after. */
  async close(): Promise<void> {
    this.deps.provider.close();
    await Promise.allSettled([...this.running]);
  }
}
