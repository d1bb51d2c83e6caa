import type { ProviderName } from '../config.ts';
import { ImageRejected } from '../images/inspect-image.ts';
import type { SourceLoader } from '../images/source-loader.ts';
import { completeJob, failJob, isFinal } from './job-outcome.ts';
import { FetchError } from '../net/guarded-fetch.ts';
import type { BackgroundRemover } from '../cutout/background-remover.ts';
import { PNG_SETTINGS, renderComposition, warmUpRenderer, type PngEncoder } from '../render/render-composition.ts';
import { RESULT_PREVIEW_SIDE } from '../results/result-images.ts';
import type { SourceRef } from '../domain/job.ts';
import type { Provider, ProviderDeps, ProviderFactory } from './provider.ts';
import { BlobStoreUnavailable, isBlobNotFound } from '../storage/blob-store.ts';
import { WorkInterrupted, type JobQueue, type WorkKind } from '../queue/job-queue.ts';

/** Why a layer's image could not be read, in words naming the field. */
function describeLoadError(field: string, ref: SourceRef, error: unknown): string {
  if (error instanceof FetchError) return `${field} could not be fetched: ${error.message}`;
  if (isBlobNotFound(error) || (error as NodeJS.ErrnoException).code === 'ENOENT') {
    const what = ref.kind === 'upload' ? 'upload' : ref.kind === 'sample' ? 'sample image' : 'job result';
    return `${field} names a ${what} of this server that no longer exists`;
  }
  return `${field} could not be read: ${(error as Error).message}`;
}

/** Renders jobs on this machine with sharp, `concurrency` (one per core) at a time, off the request path: each
 * job is a `render` step of the work queue. */
export class LocalProvider implements Provider {
  readonly name: ProviderName = 'local';
  private closed = false;

  constructor(
    private readonly deps: ProviderDeps,
    private readonly sources: SourceLoader,
    /** Renders at once in this process (RENDER_CONCURRENCY): they are CPU- and memory-heavy (a 3840x3840
     * RGBA layer is 59 MB), so one per core instead of one per request. */
    private readonly concurrency: number,
    private readonly remover: BackgroundRemover,
    /** How results are PNG-encoded (PNG_ENCODER). */
    private readonly pngEncoder: PngEncoder = 'scanline',
  ) {
    // Render workers up and their loops compiled before the first job (in the background, off start-up).
    warmUpRenderer().catch((error: unknown) => this.deps.log.warn({ err: error }, 'render warm-up failed'));
  }

  refuse(): null {
    return null;
  }

  private async load(field: string, ref: SourceRef): Promise<Buffer> {
    try {
      return await this.sources.load(ref);
    } catch (error) {
      if (error instanceof BlobStoreUnavailable) throw error; // not the request's fault: the step is retried
      throw new ImageRejected(describeLoadError(field, ref, error), 422);
    }
  }

  firstStep(): { kind: WorkKind } {
    return { kind: 'render' };
  }

  work(queue: JobQueue, onGiveUp: (jobId: string, error: unknown) => void): void {
    queue.process('render', ({ jobId }) => this.render(jobId), { concurrency: this.concurrency, onGiveUp });
  }

  private async render(jobId: string): Promise<void> {
    if (this.closed) throw new WorkInterrupted();
    const stored = await this.deps.store.get(jobId);
    if (isFinal(stored)) return;
    const job = stored!;
    await this.deps.store.updateUnfinished(job.id, { status: 'processing' });
    const started = Date.now();
    try {
      const [foreground, template] = await Promise.all([
        this.load('origin_img', job.sources.foreground),
        job.sources.template ? this.load('template_url', job.sources.template) : Promise.resolve(null),
      ]);
      const cutout = job.request.removeBg ? await this.removeBackground(foreground) : foreground;
      let rendered;
      try {
        rendered = await renderComposition(job.request, { foreground: cutout, template }, { previewSide: RESULT_PREVIEW_SIDE, png: PNG_SETTINGS[this.pngEncoder] });
      } catch (error) {
        throw new ImageRejected(`the images could not be composed: ${(error as Error).message}`, 422);
      }
      await completeJob(this.deps, jobId, rendered.png, rendered.preview?.webp);
      this.deps.log.info({ jobId, ms: Date.now() - started }, 'rendered');
    } catch (error) {
      if (this.closed) throw new WorkInterrupted(); // stopped (the remover closing): resumed later, not failed
      // What the request itself makes impossible fails the job at once. Anything else (the database, the blob
      // store, a thread) may pass: the queue runs the step again, then gives it up and the job service fails it.
      if (!(error instanceof ImageRejected)) throw error;
      await failJob(this.deps, jobId, { message: error.message });
    }
  }

  /**
   * removeBg: the foreground's background removed by the whole pipeline (edge refined, edge colours estimated)
   * but not trimmed, so that the body's sizes and offsets keep their meaning.
   */
  private async removeBackground(foreground: Buffer): Promise<Buffer> {
    let outcome;
    try {
      // Stored uncompressed (level 0): the renderer decodes it at once.
      outcome = await this.remover.removeAsPng(foreground, { refine: true, foreground: true, trim: false, margin: 0 }, 0, { queue: 'wait' });
    } catch (error) {
      throw new ImageRejected(`origin_img: its background could not be removed: ${(error as Error).message}`, 422);
    }
    if (!outcome.ok) throw new ImageRejected('origin_img: removeBg found no subject in the image: nothing in it stands out from its background', 422);
    const { png } = outcome.cutout;
    return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  }

  close(): void {
    this.closed = true;
  }
}

/** PROVIDER=local: renders on this machine, RENDER_CONCURRENCY at a time; it brings no routes. */
export const buildLocalProvider: ProviderFactory = ({ config, deps, sources, remover }) => ({
  provider: new LocalProvider(deps, sources, config.renderConcurrency, remover, config.pngEncoder),
});
