import { expect, type Route } from '@playwright/test';
import type { LayerKind } from '../../src/core/index.ts';
import type { TestImage } from '../fixtures/test-images.ts';
import type { EditorPage } from './editor-page.ts';

/** A host no network knows: the tests answer its requests themselves (page.route). */
export const IMAGE_HOST = 'https://images.example.test';

/** The images of the layers: served as a CDN would, loaded by URL or file through the layer cards, or dropped. */
export class LayerImages {
  constructor(private readonly editor: EditorPage) {}

  /**
   * Makes `${IMAGE_HOST}/${name}` an image the editor can load, as a CDN would serve it, and returns its URL.
   * The editor loads a remote image directly with CORS, or, where that is refused (the server's CSP allows
   * images from 'self' only), through the server's same-origin `/api/fetch-image?url=`. The server cannot reach
   * this made-up host (and its SSRF guard would refuse a local one), so both ways are answered here in the
   * browser: the editor sees the bytes either way, and the body keeps the remote URL.
   */
  async serveImage(name: string, image: TestImage): Promise<string> {
    const url = `${IMAGE_HOST}/${name}`;
    const fulfill = (route: Route) =>
      route.fulfill({
        status: 200,
        body: image.bytes,
        headers: { 'content-type': image.contentType, 'access-control-allow-origin': '*' },
      });
    await this.editor.page.route(url, fulfill);
    await this.editor.page.route(
      (address) => address.pathname === '/api/fetch-image' && address.searchParams.get('url') === url,
      fulfill,
    );
    return url;
  }

  /** Types a URL into a layer card and loads it; resolves once the layer shows that image. */
  async loadImageUrl(kind: LayerKind, url: string): Promise<void> {
    await this.editor.byTestId(`${kind}-url`).fill(url);
    await this.editor.byTestId(`${kind}-url-load`).click();
    await expect.poll(async () => (await this.editor.document())[kind]?.source.url).toBe(url);
  }

  /** Serves an image under `name` and loads it into a layer by its URL. Returns the URL. */
  async loadServedImage(kind: LayerKind, name: string, image: TestImage): Promise<string> {
    const url = await this.serveImage(name, image);
    await this.loadImageUrl(kind, url);
    return url;
  }

  /** Picks a file for a layer with its (hidden) file input; resolves once the layer shows it. */
  async loadImageFile(kind: LayerKind, image: TestImage, name: string): Promise<void> {
    const before = (await this.editor.document())[kind]?.source.url;
    await this.editor.byTestId(`${kind}-file`).setInputFiles({ name, mimeType: image.contentType, buffer: image.bytes });
    await expect
      .poll(async () => {
        const url = (await this.editor.document())[kind]?.source.url;
        return url !== before && url?.startsWith('blob:');
      })
      .toBe(true);
  }

  /** Drags a file over the canvas and drops it there, as a file dragged from the desktop would be. */
  async dropFile(image: TestImage, name: string): Promise<void> {
    const dataTransfer = await this.editor.page.evaluateHandle(
      ({ bytes, name, type }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
        return transfer;
      },
      { bytes: [...image.bytes], name, type: image.contentType },
    );
    const { stage } = this.editor;
    await stage.dispatchEvent('dragenter', { dataTransfer });
    await stage.dispatchEvent('dragover', { dataTransfer });
    await stage.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }
}
