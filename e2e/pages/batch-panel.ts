import { expect, type Locator, type Page } from '@playwright/test';
import type { TestImage } from '../fixtures/test-images.ts';

/** The Batch panel: add products, adjust one, submit, follow the batch, download. */
export class BatchPanel {
  readonly items: Locator;
  readonly progress: Locator;
  readonly counts: Locator;

  constructor(readonly page: Page) {
    this.items = page.getByTestId('batch-item');
    this.progress = page.getByTestId('batch-progress');
    this.counts = page.getByTestId('batch-counts');
  }

  byTestId(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /** Picks several files at once with the panel's file input. */
  async addFiles(files: Array<{ name: string; image: TestImage }>): Promise<void> {
    const before = await this.items.count();
    await this.byTestId('batch-files').setInputFiles(files.map(({ name, image }) => ({ name, mimeType: image.contentType, buffer: image.bytes })));
    await expect(this.items).toHaveCount(before + files.length);
  }

  /** Gives item `index` its own box (canvas pixels) in the Adjust fields. */
  async adjust(index: number, box: { x: number; y: number; width: number; height: number }): Promise<void> {
    const item = this.items.nth(index);
    await item.getByTestId('batch-item-adjust').click();
    for (const field of ['x', 'y', 'width', 'height'] as const) {
      const input = item.getByTestId(`batch-box-${field}`);
      await input.fill(String(box[field]));
      await input.press('Enter');
    }
    await expect(item).toHaveAttribute('data-adjusted', 'true');
  }

  async submit(): Promise<void> {
    await this.byTestId('batch-submit').click();
    await expect(this.progress).toBeVisible({ timeout: 30_000 });
  }

  /** Waits until nothing is left, and returns the counts line. */
  async waitUntilDone(timeout = 60_000): Promise<string> {
    await expect(this.progress).toHaveAttribute('data-status', 'done', { timeout });
    return (await this.counts.textContent()) ?? '';
  }

  /** Clicks "Download all" and returns the ZIP's path on disk. */
  async downloadAll(): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.byTestId('batch-download-all').click();
    const file = await download;
    const path = await file.path();
    if (!path) throw new Error(`the download failed: ${await file.failure()}`);
    return path;
  }
}
