import { expect, test } from './pages/editor-test.ts';
import { JobPanel } from './pages/job-panel.ts';

// Issue 16: marketplace presets set the canvas, the background and the product's placement together; the editor
// checks the rules live, and the job card shows the rendered result's verdict (GET /api/jobs/:id/compliance).

test('an Amazon preset on a transparent cut-out: the layout passes live, the result passes the Amazon check', async ({ editor, images, page }) => {
  // An 800x1000 transparent PNG with the product inset by a tenth of each side: 640x800 at (80, 100).
  await editor.images.loadImageFile('foreground', images.foreground, 'product.png');
  const before = await editor.document();

  await editor.byTestId('marketplace-preset').selectOption('amazon');
  await expect.poll(async () => (await editor.document()).marketplace).toBe('amazon');
  const applied = await editor.document();
  expect(applied.canvas).toEqual({ width: 2000, height: 2000 });
  expect(applied.colorCode).toBe('#ffffff');
  // The product's box was found in the PNG's pixels and went into the layer's source with the preset.
  expect(applied.foreground?.source.subject).toEqual({ x: 80, y: 100, width: 640, height: 800 });
  // The product (not the image's box) fills 85 %: its 800 px height becomes 1700, centred.
  expect(applied.foreground).toMatchObject({ width: 1700, height: 2125, x: 150, y: -62 });
  await expect(editor.byTestId('marketplace-rule')).toContainText('pure white background (RGB 255, 255, 255), the product fills 85 %');
  const live = editor.byTestId('layout-compliance');
  await expect(live).toHaveAttribute('data-passed', 'true');
  await expect(live.locator('[data-rule="fill"]')).toContainText('85.0 %');
  await expect(live.locator('[data-rule="format"]')).toHaveAttribute('data-state', 'later');

  // The preset is one undo step.
  await editor.byTestId('undo').click();
  await expect.poll(async () => (await editor.document()).canvas).toEqual(before.canvas);
  await expect(live).toBeHidden();
  await editor.byTestId('redo').click();
  await expect.poll(async () => (await editor.document()).marketplace).toBe('amazon');

  const jobs = new JobPanel(page);
  const id = await jobs.submit();
  await jobs.expectStatus('completed', 120_000);
  const verdict = page.getByTestId('job-compliance');
  await expect(verdict).toHaveAttribute('data-passed', 'true');
  await expect(verdict).toContainText('Meets the Amazon main image rules');
  const report = await (await page.request.get(`/api/jobs/${id}/compliance?marketplace=amazon`)).json();
  expect(report).toMatchObject({ marketplace: 'amazon', passed: true });

  // Open in editor brings the layout back with its marketplace, whose rules are checked again.
  await editor.byTestId('marketplace-preset').selectOption('');
  await expect.poll(async () => (await editor.document()).marketplace).toBeUndefined();
  await expect(live).toBeHidden();
  await jobs.historyItem(id).getByTestId('history-open-editor').click();
  await expect.poll(async () => (await editor.document()).marketplace).toBe('amazon');
  await expect(live).toHaveAttribute('data-passed', 'true');
});

test('a layout that breaks a rule shows the failing rule before Submit, and the job card says it in words', async ({ editor, images, page }) => {
  await editor.images.loadImageFile('foreground', images.foreground, 'product.png');
  await editor.byTestId('marketplace-preset').selectOption('amazon');
  const live = editor.byTestId('layout-compliance');
  await expect(live).toHaveAttribute('data-passed', 'true');

  // The product made smaller: the image 800x1000, the product 800 px tall of it -> 40 % of the frame.
  await editor.fillField('foreground-width', 800);
  await expect(live).toHaveAttribute('data-passed', 'false');
  await expect(live).toContainText('1 Amazon main image rule is not met');
  const fill = live.locator('[data-rule="fill"]');
  await expect(fill).toHaveAttribute('data-state', 'fail');
  await expect(fill).toContainText('Product fills the frame: 40.0 % (required: at least 85 %)');

  // An off-white background fails too.
  await editor.fillField('color-hex', '#fafafa');
  await expect(live.locator('[data-rule="background"]')).toContainText('Pure white background: colour #fafafa');
  await expect(live).toContainText('2 Amazon main image rules are not met');

  // "Fit product" puts the fill right again; the colour is still wrong.
  await editor.byTestId('fit-subject-centre').click();
  await expect(fill).toHaveAttribute('data-state', 'pass');

  const jobs = new JobPanel(page);
  await jobs.submit();
  await jobs.expectStatus('completed', 120_000);
  const verdict = page.getByTestId('job-compliance');
  await expect(verdict).toHaveAttribute('data-passed', 'false');
  await expect(verdict).toContainText('Does not meet the Amazon main image rules');
  await expect(verdict.locator('[data-rule="background"]')).toContainText('pixels not white (the first at 0, 0) (required: every pixel outside the product 255, 255, 255)');
});
