import { expect, type Locator, type Page } from '@playwright/test';

export interface Point {
  x: number;
  y: number;
}

export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One image of a pane as laid out on screen: its box (transforms included), its natural size, its pane's box. */
interface ShownImage {
  box: { left: number; top: number; width: number; height: number };
  natural: { width: number; height: number };
  pane: { left: number; top: number; width: number; height: number };
  rendering: string;
}

/**
 * The "Compare edge" dialog (cutout/EdgeCompareDialog.tsx), found by data-testid: the original photo's pane and
 * the cut-out's, and what each shows where. The cut-out's `crop` (what POST /api/foregrounds answered) says
 * which part of the photo it is, so both panes can be read in the photo's pixels.
 */
export class EdgeCompare {
  readonly dialog: Locator;
  readonly photo: Locator;
  readonly cutout: Locator;
  readonly before: Locator;
  readonly after: Locator;
  readonly zoom: Locator;
  readonly zoomIn: Locator;
  readonly zoomOut: Locator;
  readonly close: Locator;

  constructor(
    readonly page: Page,
    readonly crop: Crop,
  ) {
    this.dialog = page.getByTestId('edge-compare');
    this.photo = page.getByTestId('edge-compare-photo');
    this.cutout = page.getByTestId('edge-compare-cutout');
    this.before = page.getByTestId('edge-compare-before');
    this.after = page.getByTestId('edge-compare-after');
    this.zoom = page.getByTestId('edge-compare-zoom');
    this.zoomIn = page.getByTestId('edge-compare-zoom-in');
    this.zoomOut = page.getByTestId('edge-compare-zoom-out');
    this.close = page.getByTestId('edge-compare-close');
  }

  /** Both full-size images decoded (an image that failed has naturalWidth 0). */
  async expectLoaded(): Promise<{ photo: number; cutout: number }> {
    const naturalWidth = (image: Locator) => image.evaluate((element: HTMLImageElement) => (element.complete ? element.naturalWidth : 0));
    await expect.poll(() => naturalWidth(this.photo), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => naturalWidth(this.cutout), { timeout: 30_000 }).toBeGreaterThan(0);
    return { photo: await naturalWidth(this.photo), cutout: await naturalWidth(this.cutout) };
  }

  private shown(image: Locator): Promise<ShownImage> {
    return image.evaluate((element: HTMLImageElement) => {
      const box = element.getBoundingClientRect();
      const pane = element.parentElement!.getBoundingClientRect();
      return {
        box: { left: box.left, top: box.top, width: box.width, height: box.height },
        natural: { width: element.naturalWidth, height: element.naturalHeight },
        pane: { left: pane.left, top: pane.top, width: pane.width, height: pane.height },
        rendering: getComputedStyle(element).imageRendering,
      };
    });
  }

  /**
   * The photo pixel each pane shows at `offset` (CSS px from the pane's top-left corner), in the photo's pixel
   * coordinates: the original's directly, the cut-out's through its crop. Also the cut-out's own pixel there.
   */
  async photoPointsAt(offset: Point): Promise<{ photo: Point; cutout: Point; cutoutPixel: Point }> {
    const [photo, cutout] = [await this.shown(this.photo), await this.shown(this.cutout)];
    const imagePoint = (image: ShownImage) => ({
      x: ((image.pane.left + offset.x - image.box.left) * image.natural.width) / image.box.width,
      y: ((image.pane.top + offset.y - image.box.top) * image.natural.height) / image.box.height,
    });
    const cutoutPixel = imagePoint(cutout);
    return {
      photo: imagePoint(photo),
      cutout: {
        x: this.crop.x + (cutoutPixel.x * this.crop.width) / cutout.natural.width,
        y: this.crop.y + (cutoutPixel.y * this.crop.height) / cutout.natural.height,
      },
      cutoutPixel,
    };
  }

  /** The size of a pane (both are one size) and the CSS image-rendering of each image. */
  async layout(): Promise<{ pane: { width: number; height: number }; before: ShownImage['pane']; after: ShownImage['pane']; rendering: [string, string] }> {
    const [photo, cutout] = [await this.shown(this.photo), await this.shown(this.cutout)];
    return { pane: { width: photo.pane.width, height: photo.pane.height }, before: photo.pane, after: cutout.pane, rendering: [photo.rendering, cutout.rendering] };
  }

  /** The RGBA of image pixels (whole pixel coordinates), read through a canvas from the very image elements shown. */
  sample(image: 'photo' | 'cutout', pixels: Point[]): Promise<number[][]> {
    return (image === 'photo' ? this.photo : this.cutout).evaluate((element: HTMLImageElement, points) => {
      const canvas = document.createElement('canvas');
      canvas.width = element.naturalWidth;
      canvas.height = element.naturalHeight;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(element, 0, 0);
      return points.map(({ x, y }) => [...context.getImageData(x, y, 1, 1).data]);
    }, pixels);
  }
}
