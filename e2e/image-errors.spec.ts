import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LayerKind } from '../src/core/index.ts';
import { AKOOL_APP_URL } from './fixtures/e2e-servers.ts';
import type { EditorPage } from './pages/editor-page.ts';
import { expect, test } from './pages/editor-test.ts';

// Issue 14, "Errors that say why": an image that cannot be used shows, on its layer card, what it is (the file's
// name or the URL) and the reason the server (or the address itself) gave. The servers are the real ones.

/** What a user sees after loading a URL into a layer that cannot take it: the card's error, and no image. */
async function loadUrlExpectingError(editor: EditorPage, kind: LayerKind, url: string): Promise<string> {
  await editor.byTestId(`${kind}-url`).fill(url);
  await editor.byTestId(`${kind}-url-load`).click();
  const error = editor.byTestId(`${kind}-load-error`);
  await expect(error).toBeVisible();
  expect((await editor.document())[kind]).toBeNull();
  return (await error.textContent()) ?? '';
}

async function pickFileExpectingError(editor: EditorPage, kind: LayerKind, file: { name: string; mimeType: string; buffer: Buffer }): Promise<string> {
  await editor.byTestId(`${kind}-file`).setInputFiles(file);
  const error = editor.byTestId(`${kind}-load-error`);
  await expect(error).toBeVisible();
  expect((await editor.document())[kind]).toBeNull();
  return (await error.textContent()) ?? '';
}

test('a text file named .png: the card gives its name and the server\'s reason', async ({ editor }) => {
  const shown = await pickFileExpectingError(editor, 'foreground', {
    name: 'bottle.png',
    mimeType: 'image/png',
    buffer: Buffer.from('just some text, not a picture\n'),
  });
  expect(shown).toBe('bottle.png: the file is not a PNG, JPEG, WebP or AVIF image (judged by its content, not its name)');
});

test('a PNG whose data is broken: the card names the file and says what is wrong with it', async ({ editor }) => {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const shown = await pickFileExpectingError(editor, 'template', {
    name: 'beach.png',
    mimeType: 'image/png',
    buffer: Buffer.concat([signature, Buffer.from('no chunks here, only noise')]),
  });
  expect(shown).toBe('beach.png: the file looks like PNG but its header cannot be read');
});

test('a JSON file: the card says it is not an image, and what it is', async ({ editor }) => {
  const shown = await pickFileExpectingError(editor, 'foreground', {
    name: 'layout.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"canvas_size":"3840x3840"}'),
  });
  expect(shown).toBe('layout.json: not an image: application/json');
});

test('a host that does not exist: the card gives the URL and that its name does not resolve', async ({ editor }) => {
  const url = 'http://no-such-host.invalid/x.png';
  expect(await loadUrlExpectingError(editor, 'foreground', url)).toBe(`${url}: cannot resolve no-such-host.invalid: no such host`);
});

test('an address on this machine: the card says the server will not fetch it', async ({ editor }) => {
  const url = 'http://127.0.0.1:9/x.png';
  expect(await loadUrlExpectingError(editor, 'template', url)).toBe(
    `${url}: refused: 127.0.0.1 is a loopback, private, link-local or reserved address`,
  );
});

test('a same-origin image that is not there: the card gives the URL and HTTP 404', async ({ editor, baseURL }) => {
  await editor.page.unroute('**/samples/**'); // the editor fixture refuses the samples; this one must reach the server
  const url = `${baseURL}/samples/missing.png`;
  expect(await loadUrlExpectingError(editor, 'foreground', url)).toBe(`${url}: HTTP 404 Not Found`);
});

test('a same-origin address that answers JSON: the card says it is not an image, and what it is', async ({ editor, baseURL }) => {
  const url = `${baseURL}/api/health`;
  expect(await loadUrlExpectingError(editor, 'foreground', url)).toBe(`${url}: not an image: application/json`);
});

test.describe('a remote address', () => {
  // The app whose guarded fetch may reach 127.0.0.1 (FETCH_ALLOW_HOSTS in playwright.config.ts): a server started
  // here stands for a remote site; to the browser it is another origin, so the image comes through the server.
  test.use({ baseURL: AKOOL_APP_URL });
  let site: Server;
  let siteUrl: string;

  test.beforeAll(async () => {
    site = createServer((request, response) => {
      if (request.url === '/page') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><title>a page</title>');
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found');
      }
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((resolve) => site.close(resolve));
  });

  test('that answers 404: the card gives the URL and the status', async ({ editor }) => {
    const url = `${siteUrl}/gone.png`;
    expect(await loadUrlExpectingError(editor, 'foreground', url)).toBe(`${url}: ${new URL(siteUrl).host} answered HTTP 404 Not Found`);
  });

  test('that answers a web page: the card says it is not an image, and what it is', async ({ editor }) => {
    const url = `${siteUrl}/page`;
    expect(await loadUrlExpectingError(editor, 'template', url)).toBe(`${url}: not an image: text/html`);
  });
});
