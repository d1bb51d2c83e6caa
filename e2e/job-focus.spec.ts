import { expect, test } from './pages/editor-test.ts';
import { JobPanel } from './pages/job-panel.ts';

// Issue 14: after Submit the focus goes to the job's card (not the page body); the result viewer takes the
// focus when it opens, keeps Tab inside, and gives the focus back to what opened it when it closes.

test('Submit moves the focus to the job card, which is named by its status', async ({ editor, images, page }) => {
  const jobs = new JobPanel(page);
  await editor.images.loadImageFile('foreground', images.dropped, 'cut-out.png');
  await jobs.submit();
  await expect.poll(() => jobs.focused(), 'the focus after Submit').toBe('job-card');
  await jobs.expectStatus('completed', 30_000);
  await expect(page.getByRole('region', { name: 'Job completed' })).toBeFocused();
});

test('the result viewer takes the focus, keeps Tab inside, and Escape or Close gives it back to the opener', async ({ editor, images, page }) => {
  const jobs = new JobPanel(page);
  await editor.images.loadImageFile('foreground', images.dropped, 'cut-out.png');
  const jobId = await jobs.submit();
  await jobs.expectStatus('completed', 30_000);

  await jobs.viewResultButton.click();
  await expect(jobs.resultViewer).toBeVisible();
  await expect.poll(() => jobs.hasFocus(jobs.resultViewer), 'the focus is in the viewer').toBe(true);
  // Tab goes round the viewer's controls (and, past the last, to the browser's own UI, as for any modal
  // dialog): never to the page behind it.
  const inViewerOrBrowser = () =>
    jobs.resultViewer.evaluate((viewer) => viewer.contains(document.activeElement) || document.activeElement === document.body);
  let insideCount = 0;
  for (let step = 0; step < 8; step += 1) {
    await page.keyboard.press('Tab');
    expect(await inViewerOrBrowser(), `after ${step + 1} Tab presses the focus (${await jobs.focused()}) is not on the page behind`).toBe(true);
    if (await jobs.hasFocus(jobs.resultViewer)) insideCount += 1;
  }
  expect(insideCount, 'Tab came back into the viewer').toBeGreaterThan(4);
  await page.keyboard.press('Escape');
  await expect(jobs.resultViewer).toHaveCount(0);
  await expect(jobs.viewResultButton, 'Escape gives the focus back to View result').toBeFocused();

  const thumbnail = jobs.historyItem(jobId).getByRole('button', { name: `View the result of job ${jobId}` });
  await thumbnail.click();
  await expect(jobs.resultViewer).toBeVisible();
  await expect.poll(() => jobs.hasFocus(jobs.resultViewer)).toBe(true);
  await jobs.resultClose.click();
  await expect(jobs.resultViewer).toHaveCount(0);
  await expect(thumbnail, 'Close gives the focus back to the history thumbnail').toBeFocused();
});
