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

  /** Waits until every added file is on the server (an item still uploading is not kept across a reload). */
  async waitForUploads(): Promise<void> {
    await expect(this.page.locator('[data-testid="batch-item"][data-uploading]')).toHaveCount(0, { timeout: 30_000 });
  }

  /** Opens item `index` in the editor; resolves once the editor shows it (the bar above the canvas says so). */
  async openInEditor(index: number): Promise<void> {
    await this.items.nth(index).getByTestId('batch-item-open').click();
    await expect(this.byTestId('batch-editing-bar')).toBeVisible();
  }

  /** "Done: back to batch" in the bar above the canvas. */
  async done(): Promise<void> {
    await this.byTestId('batch-editing-done').click();
    await expect(this.byTestId('batch-editing-bar')).toBeHidden();
  }

  /** Where item `index`'s product is drawn in its grid preview, in percent of the canvas. */
  async thumbBox(index: number): Promise<{ left: number; top: number; width: number; height: number }> {
    const style = await this.items
      .nth(index)
      .locator('.batch-thumb__layer')
      .last()
      .evaluate((img: HTMLElement) => ({ left: img.style.left, top: img.style.top, width: img.style.width, height: img.style.height }));
    const number = (text: string) => Number.parseFloat(text);
    return { left: number(style.left), top: number(style.top), width: number(style.width), height: number(style.height) };
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
