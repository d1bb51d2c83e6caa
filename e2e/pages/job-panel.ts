import { expect, type Download, type Locator, type Page } from '@playwright/test';
import type { JobStatus } from '../../src/app/api/api-types.ts';

const STATUS_WORDS: Record<JobStatus, string> = {
  queued: 'Queued',
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
};

/** The Render panel (Submit and the followed job) and the History panel, found by data-testid only. */
export class JobPanel {
  readonly submitButton: Locator;
  readonly submitError: Locator;
  readonly card: Locator;
  readonly status: Locator;
  readonly error: Locator;
  readonly history: Locator;
  readonly historyTitle: Locator;
  /** The toast of the last action (e.g. "Job deleted" with Undo). */
  readonly toast: Locator;
  readonly toastAction: Locator;
  readonly toastDismiss: Locator;
  readonly viewResultButton: Locator;
  readonly resultViewer: Locator;
  readonly resultClose: Locator;

  constructor(readonly page: Page) {
    this.submitButton = page.getByTestId('submit');
    this.submitError = page.getByTestId('submit-error');
    this.card = page.getByTestId('job-card');
    this.status = page.getByTestId('job-status');
    this.error = page.getByTestId('job-error');
    this.history = page.getByTestId('history');
    this.historyTitle = page.locator('#history-title');
    this.toast = page.getByTestId('toast');
    this.toastAction = this.toast.getByTestId('toast-action');
    this.toastDismiss = this.toast.getByTestId('toast-dismiss');
    this.viewResultButton = page.getByTestId('view-result');
    this.resultViewer = page.getByTestId('result-viewer');
    this.resultClose = page.getByTestId('result-close');
  }

  /**
   * Presses Submit and resolves with the id of the job the server created (from the `POST /api/jobs` answer),
   * once the job card follows it.
   */
  async submit(): Promise<string> {
    await expect(this.submitButton).toBeEnabled();
    const created = this.page.waitForResponse(
      (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/jobs',
    );
    await this.submitButton.click();
    const response = await created;
    expect(response.status(), `POST /api/jobs answered ${response.status()}: ${await response.text()}`).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await expect(this.card).toBeVisible();
    return id;
  }

  async expectStatus(status: JobStatus, timeout?: number): Promise<void> {
    await expect(this.status).toHaveText(STATUS_WORDS[status], { timeout });
  }

  /** Clicks a download link of the finished job and returns the download, saved. */
  async download(testId: 'download' | 'download-jpeg' | 'download-webp' = 'download'): Promise<Download> {
    const downloading = this.page.waitForEvent('download');
    await this.page.getByTestId(testId).click();
    const download = await downloading;
    expect(await download.failure(), 'the download finished').toBeNull();
    return download;
  }

  /** The result image in the job card (the result's screen preview), loaded and decoded; resolves with its natural size. */
  async resultImageSize(): Promise<{ width: number; height: number }> {
    const image = this.card.getByTestId('job-result-image');
    await expect(image).toBeVisible();
    return image.evaluate(async (element: HTMLImageElement) => {
      await element.decode();
      return { width: element.naturalWidth, height: element.naturalHeight };
    });
  }

  historyItem(jobId: string): Locator {
    return this.history.getByTestId('history-item').and(this.page.locator(`[data-job-id="${jobId}"]`));
  }

  historyThumbnail(jobId: string): Locator {
    return this.historyItem(jobId).getByTestId('history-thumbnail');
  }

  /** Resolves once the job's history thumbnail has loaded and decoded (a broken image never does). */
  async expectThumbnailLoaded(jobId: string): Promise<void> {
    const thumbnail = this.historyThumbnail(jobId);
    await expect(thumbnail).toBeVisible();
    await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
  }

  async deleteFromHistory(jobId: string): Promise<void> {
    await this.historyItem(jobId).getByTestId('history-delete').click();
  }

  /** Whether the focused element is `locator` or inside it. */
  hasFocus(locator: Locator): Promise<boolean> {
    return locator.evaluate((element) => element.contains(document.activeElement));
  }

  /** What has the focus, for messages: its data-testid, else its tag. */
  focused(): Promise<string> {
    return this.page.evaluate(() => {
      const active = document.activeElement;
      return active?.getAttribute('data-testid') ?? active?.id ?? active?.tagName.toLowerCase() ?? 'nothing';
    });
  }
}
