import { readFileSync } from 'node:fs';
import { expect, test } from './pages/editor-test.ts';
import { JobPanel } from './pages/job-panel.ts';

// Issue 14: Delete in the history takes the job away at once and offers Undo, which brings back the job and
// its files as they were.

test('Delete takes the job out of the history at once; Undo brings it back with its thumbnail and the same result bytes', async ({ editor, images, page }) => {
  test.slow(); // a render, two downloads and a reload: over a minute on a loaded 2-core machine
  const jobs = new JobPanel(page);
  await editor.images.loadImageFile('foreground', images.dropped, 'cut-out.png');
  const jobId = await jobs.submit();
  await jobs.expectStatus('completed', 30_000);
  await jobs.expectThumbnailLoaded(jobId);
  const before = readFileSync(await (await jobs.download('download')).path());

  await jobs.deleteFromHistory(jobId);
  await expect(jobs.historyItem(jobId)).toHaveCount(0);
  await expect(jobs.card, 'the followed job goes with it').toHaveCount(0);
  await expect(jobs.toast).toHaveCount(1);
  await expect(jobs.toast).toContainText('Job deleted');
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Job deleted');
  // The Delete button went with its job: the toast takes the focus, so Enter would undo.
  await expect.poll(() => jobs.focused()).toBe('toast-action');
  expect((await page.request.get(`/api/jobs/${jobId}`)).status(), 'deleted on the server').toBe(404);

  await jobs.toastAction.click();
  await expect(jobs.toast).toHaveCount(0);
  await expect(jobs.historyItem(jobId)).toHaveAttribute('data-status', 'completed');
  await jobs.expectThumbnailLoaded(jobId);
  await jobs.expectStatus('completed');
  const after = readFileSync(await (await jobs.download('download')).path());
  expect(after.equals(before), `the result after Undo (${after.length} bytes) is the one before (${before.length} bytes)`).toBe(true);

  // Restored on the server, not only on screen.
  await page.reload();
  await expect(jobs.historyItem(jobId)).toHaveAttribute('data-status', 'completed');
  await jobs.expectThumbnailLoaded(jobId);
});

test('Delete from the keyboard: Enter on Delete, Enter on Undo, and the focus lands on the history', async ({ editor, images, page }) => {
  const jobs = new JobPanel(page);
  await editor.images.loadImageFile('foreground', images.dropped, 'cut-out.png');
  const jobId = await jobs.submit();
  await jobs.expectStatus('completed', 30_000);

  await jobs.historyItem(jobId).getByTestId('history-delete').focus();
  await page.keyboard.press('Enter');
  await expect(jobs.historyItem(jobId)).toHaveCount(0);
  await expect.poll(() => jobs.focused()).toBe('toast-action');
  await page.keyboard.press('Enter');
  await expect(jobs.historyItem(jobId)).toHaveAttribute('data-status', 'completed');
  await expect(jobs.toast).toHaveCount(0);
  await expect.poll(() => jobs.focused()).toBe('history-title');
});

test('Delete, then dismiss the toast: the job stays gone after a reload', async ({ editor, images, page }) => {
  const jobs = new JobPanel(page);
  await editor.images.loadImageFile('foreground', images.dropped, 'cut-out.png');
  const jobId = await jobs.submit();
  await jobs.expectStatus('completed', 30_000);

  await jobs.deleteFromHistory(jobId);
  await expect(jobs.historyItem(jobId)).toHaveCount(0);
  await jobs.toastDismiss.click();
  await expect(jobs.toast).toHaveCount(0);
  await expect.poll(() => jobs.focused()).toBe('history-title');

  await page.reload();
  await expect(jobs.history).toBeVisible();
  await expect(jobs.historyItem(jobId)).toHaveCount(0);
  await expect(jobs.card).toHaveCount(0);
  expect((await page.request.get(`/api/jobs/${jobId}`)).status()).toBe(404);
  expect((await page.request.get(`/api/jobs/${jobId}/result`)).status()).toBe(404);
});
