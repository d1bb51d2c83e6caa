import type Konva from 'konva';
import type { Shift } from '../../core/index.ts';
import { applyTransformsDirectly } from './direct-transform.ts';

/**
 * What the page shows of a Konva layer: not its 2D canvas, which stays hidden, but an ImageBitmap copy of it in a
 * 'bitmaprenderer' canvas, the view. Chromium without a GPU copies every visible 2D canvas of the page again
 * whenever any of them moves (each pointer move of a drag cost a frame and more); a bitmap is handed over once
 * per drawing and then moves as cheaply as an image. A drag slides the view by a CSS translation while Konva
 * draws nothing.
 *
 * The view sits in a frame clipped to the part of the stage the layer's nodes cover: the compositor blends every
 * shown pixel of each view on every frame that changes anything, and without a GPU three stage-sized views cost
 * ~6 ms of its ~9 ms frame. The bitmap itself is the whole canvas: copying a part of a canvas costs Chromium
 * ~16 ms a megapixel, the whole of it half a millisecond (the pixels are shared until Konva next draws).
 */
interface LayerPicture {
  layer: Konva.Layer;
  canvas: HTMLCanvasElement;
  /** What moves: the frame holding the view, or the canvas itself where 'bitmaprenderer' is missing. */
  frame: HTMLElement;
  view: HTMLCanvasElement;
  context: ImageBitmapRenderingContext | null;
  /** How far the picture on Konva's canvas is from where Konva would draw the layer's nodes now (CSS px). */
  canvasShift: Shift;
  /** How far the bitmap in the view is from where the nodes are now: canvasShift as of the last copy. */
  viewShift: Shift;
  /** How far a drag in progress slides the picture further; the nodes stay put until the drag ends. */
  sliding: Shift;
  /** Counts copies asked for, so that only the newest is shown. */
  copies: number;
}

const pictures = new WeakMap<Konva.Layer, LayerPicture>();
const ZERO: Shift = { x: 0, y: 0 };

const add = (a: Shift, b: Shift): Shift => ({ x: a.x + b.x, y: a.y + b.y });
const px = (value: number) => `${value}px`;

/**
 * The CSS translation for a shift, on whole device pixels so that the moved picture stays as sharp as it was
 * drawn. Only what is shown is rounded; the shifts themselves stay exact, so rounding never adds up.
 */
function translation({ x, y }: Shift): string {
  const ratio = window.devicePixelRatio || 1;
  const [dx, dy] = [Math.round(x * ratio) / ratio, Math.round(y * ratio) / ratio];
  return dx === 0 && dy === 0 ? '' : `translate(${dx}px, ${dy}px)`;
}

function place(picture: LayerPicture): void {
  picture.frame.style.transform = translation(add(picture.viewShift, picture.sliding));
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The part of the stage the layer's nodes cover (CSS px, on the canvas's pixels, with one of them as margin for
 * antialiased edges), or null when they cover none of it.
 */
function drawnBox({ layer, canvas }: LayerPicture): Box | null {
  const ratio = layer.getCanvas().getPixelRatio();
  const rect = layer.getClientRect();
  if (rect.width <= 0 || rect.height <= 0) return null;
  const x0 = Math.max(0, Math.floor(rect.x * ratio) - 1);
  const y0 = Math.max(0, Math.floor(rect.y * ratio) - 1);
  const x1 = Math.min(canvas.width, Math.ceil((rect.x + rect.width) * ratio) + 1);
  const y1 = Math.min(canvas.height, Math.ceil((rect.y + rect.height) * ratio) + 1);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0 / ratio, y: y0 / ratio, width: (x1 - x0) / ratio, height: (y1 - y0) / ratio };
}

/** Copies Konva's canvas into the view; the copy shows, at its place and clipped, as soon as it is made. */
function copyCanvas(picture: LayerPicture): void {
  if (!picture.context) {
    picture.viewShift = picture.canvasShift;
    return place(picture);
  }
  const copy = ++picture.copies;
  const box = drawnBox(picture);
  const show = () => {
    const { frame, view, canvas } = picture;
    frame.style.visibility = box ? '' : 'hidden';
    if (box) {
      Object.assign(frame.style, { left: px(box.x), top: px(box.y), width: px(box.width), height: px(box.height) });
      // Konva sizes its canvas to the stage (and the pixel ratio); the view follows.
      Object.assign(view.style, { left: px(-box.x), top: px(-box.y), width: canvas.style.width, height: canvas.style.height });
    }
    picture.viewShift = picture.canvasShift;
    place(picture);
  };
  if (!box) return show();
  createImageBitmap(picture.canvas).then(
    (bitmap) => {
      if (copy !== picture.copies) return bitmap.close();
      const { view } = picture;
      if (view.width !== bitmap.width || view.height !== bitmap.height) [view.width, view.height] = [bitmap.width, bitmap.height];
      picture.context!.transferFromImageBitmap(bitmap);
      show();
    },
    () => {}, // an empty (0-pixel) canvas: nothing to show yet
  );
}

/**
 * Shows `layer` through a view (see above) from now on; returns what undoes it. The frame sits right after the
 * layer's canvas, in its box and stacking order, and lets pointer events through to the stage.
 */
export function presentLayer(layer: Konva.Layer): () => void {
  const canvas = layer.getCanvas()._canvas;
  const view = document.createElement('canvas');
  const context = view.getContext('bitmaprenderer');
  const frame = context ? document.createElement('div') : canvas;
  Object.assign(frame.style, { position: 'absolute', top: '0px', left: '0px', pointerEvents: 'none', willChange: 'transform' });
  if (context) {
    Object.assign(frame.style, { overflow: 'hidden', zIndex: canvas.style.zIndex });
    Object.assign(view.style, { position: 'absolute', display: 'block' });
    frame.dataset.layerView = layer.name() || 'layer';
    frame.append(view);
    canvas.after(frame);
    canvas.style.visibility = 'hidden';
  }
  const stopDirectTransforms = applyTransformsDirectly(frame);
  const picture: LayerPicture = { layer, canvas, frame, view, context, canvasShift: ZERO, viewShift: ZERO, sliding: ZERO, copies: 0 };
  pictures.set(layer, picture);
  // When Konva draws the layer's own canvas (not an export's), its picture is where the nodes are.
  const drawScene = layer.drawScene;
  layer.drawScene = function (this: Konva.Layer, target, top) {
    const result = drawScene.call(this, target, top);
    if (!target || target === layer.getCanvas()) {
      picture.canvasShift = ZERO;
      copyCanvas(picture);
    }
    return result;
  };
  copyCanvas(picture);
  return () => {
    layer.drawScene = drawScene;
    pictures.delete(layer);
    picture.copies += 1;
    stopDirectTransforms();
    if (context) frame.remove();
    canvas.style.visibility = '';
    canvas.style.transform = '';
  };
}

/** Shows the layer's picture `sliding` CSS px further than its nodes are, while a drag leaves them in place. */
export function slideLayerCanvas(layer: Konva.Layer, sliding: Shift): void {
  const picture = pictures.get(layer);
  if (!picture) return;
  picture.sliding = sliding;
  place(picture);
}

/**
 * The layer's nodes have just been moved to where the slid picture shows them: the picture stays as it is until
 * Konva next draws the layer, so the end of a drag costs no drawing.
 */
export function settleLayerCanvas(layer: Konva.Layer): void {
  const picture = pictures.get(layer);
  if (!picture) return;
  picture.canvasShift = add(picture.canvasShift, picture.sliding);
  picture.viewShift = add(picture.viewShift, picture.sliding);
  picture.sliding = ZERO;
}

/** How far the picture on the layer's canvas is from where Konva would draw its nodes now, drag excluded. */
export function settledLayerShift(layer: Konva.Layer): Shift {
  return pictures.get(layer)?.canvasShift ?? ZERO;
}
