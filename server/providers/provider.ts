import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { BackgroundChangeRequest } from '../../src/core/index.ts';
import type { UrlSigner } from '../access/signed-url.ts';
import type { ProviderName, ServerConfig } from '../config.ts';
import type { BackgroundRemover } from '../cutout/background-remover.ts';
import type { SourceLoader } from '../images/source-loader.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { JobRecord, JobSources } from '../domain/job.ts';
import type { JobRepository } from '../storage/job-repository.ts';
import type { WebhookEventRepository } from '../storage/webhook-event-repository.ts';
import type { JobQueue, WorkKind } from '../queue/job-queue.ts';

/** What every provider works with. */
export interface ProviderDeps {
  store: JobRepository;
  blobs: BlobStore;
  log: FastifyBaseLogger;
}

/** A renderer of Background Change jobs. The job repository (and the blob store) is the only channel of its results. */
export interface Provider {
  readonly name: ProviderName;
  /** Why this provider cannot run a request, per request field; checked before anything is stored. */
  refuse(request: BackgroundChangeRequest, sources: JobSources): Record<string, string> | null;
  /** The queue step a stored job starts with, or a job a stopped server left unfinished resumes with. */
  firstStep(job: JobRecord): { kind: WorkKind; delayMs?: number };
  /**
   * Takes this provider's kinds of work from `queue` (in a process that works, not one that only accepts
   * jobs); its steps run jobs until they are final and enqueue their next steps there. A job's failure ends
   * as status `failed` with a message; `onGiveUp` hears of a step that crashed on every attempt.
   */
  work(queue: JobQueue, onGiveUp: (jobId: string, error: unknown) => void): void;
  /** Stops waiting and polling; unfinished jobs stay as they are, to resume on the next start. */
  close(): void;
}

/** What the server hands a provider's factory: its configuration and the parts every provider may share. */
export interface ProviderContext {
  config: ServerConfig;
  deps: ProviderDeps;
  sources: SourceLoader;
  remover: BackgroundRemover;
  /** With ACCESS_TOKEN set: signs URLs of our files for a renderer that fetches them without the token. */
  signer: UrlSigner | null;
  /** Webhooks that arrive before the submit's answer, shared by the replicas (the database's). */
  webhookEvents: WebhookEventRepository;
}

/** A provider, built, and the routes it brings (Akool: its webhook), registered by the app as a plugin. */
export interface BuiltProvider {
  provider: Provider;
  routes?: FastifyPluginAsync;
}

/** Builds one kind of provider; the registry (provider-registry.ts) holds one per PROVIDER name. */
export type ProviderFactory = (context: ProviderContext) => BuiltProvider;
