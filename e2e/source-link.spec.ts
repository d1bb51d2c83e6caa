import { gunzipSync } from 'node:zlib';
import { expect, test } from './pages/editor-test.ts';

// AGPL section 13: whoever uses the app over the network is offered the code it runs.
test('the Source link downloads the code the server runs, with its licence', async ({ editor, page }) => {
  const link = page.getByTestId('source-link');
  await expect(link).toBeVisible();
  const response = await page.request.get((await link.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-disposition']).toMatch(/background-composer-[\d.]+-source\.tar\.gz/);
  const tar = gunzipSync(await response.body()).toString('latin1');
  expect(tar).toContain('/LICENSE');
  expect(tar).toContain('GNU AFFERO GENERAL PUBLIC LICENSE');
  expect(tar).toContain('/server/routes/source-routes.ts');
  void editor;
});
