import { useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import {
  cutoutPointInPhoto,
  magnifiedPlacement,
  magnifierZoomLimits,
  MAGNIFIER_START_ZOOM,
  nextMagnifierZoom,
  panMagnifier,
  zoomMagnifierAt,
  type ImageSource,
  type MagnifierView,
  type Rect,
  type Size,
} from '../../core/index.ts';
import { isSameOriginOrLocal, proxiedImageUrl } from '../images/load-image.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectColorCode, selectEdgeCompareOpen, selectLayer } from '../store/selectors.ts';
import { cutoutOrigin, type CutoutOrigin } from './cutout-origins.ts';
import { edgeFocusQuery } from './edge-focus-query.ts';
import { useModalDialog } from '../dialog/use-modal-dialog.ts';

/** What is shown behind the cut-out: a halo shows against one of them (a light fringe on black, a dark one on white). */
type Backdrop = 'checkerboard' | 'white' | 'black' | 'canvas';
const BACKDROP_NAMES: Record<Backdrop, string> = { checkerboard: 'Checkerboard', white: 'White', black: 'Black', canvas: 'Canvas colour' };
/** A pane's size before it is measured: any size works, the view is only centred differently. */
const UNMEASURED: Size = { width: 400, height: 400 };
/** CSS px an arrow key pans. */
const ARROW_PAN = 40;

/** The foreground's before/after look at its edge, while open and while the foreground is a cut-out made in this tab. */
export function EdgeCompareDialog() {
  const open = useEditorStore(selectEdgeCompareOpen);
  const layer = useEditorStore(selectLayer('foreground'));
  const origin = layer && cutoutOrigin(layer.source.url);
  if (!open || !layer || !origin) return null;
  return <EdgeCompare key={layer.source.url} cutout={layer.source} origin={origin} />;
}

/** The full-size original as this page may load it: same-origin directly, a remote URL through the server (the CSP). */
const displayUrl = (url: string) => (isSameOriginOrLocal(url) ? url : proxiedImageUrl(url));

/**
 * A modal <dialog>, like the result viewer: the focus goes to Close, stays inside, Escape closes, and the focus
 * goes back to what opened it. Two panes show the same part of the photo at the same magnification, the
 * original and the cut-out (over a backdrop the user picks), so each photo pixel is at the same place in both:
 * a drag in either pans both, the wheel and the buttons zoom both.
 */
function EdgeCompare({ cutout, origin }: { cutout: ImageSource; origin: CutoutOrigin }) {
  const close = () => useEditorStore.getState().setEdgeCompareOpen(false);
  const colorCode = useEditorStore(selectColorCode);
  const focus = useQuery(edgeFocusQuery(cutout.url));
  const dialog = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const panes = useRef<HTMLDivElement>(null);
  const [pane, setPane] = useState<Size>(UNMEASURED);
  const [userView, setUserView] = useState<MagnifierView | null>(null);
  const [backdrop, setBackdrop] = useState<Backdrop>('checkerboard');
  const [loaded, setLoaded] = useState({ photo: false, cutout: false });
  const [failed, setFailed] = useState<string | null>(null);
  const drag = useRef<{ pointerId: number; x: number; y: number } | null>(null);

  const photo: Size = origin.photo;
  const crop: Rect = origin.crop;
  const limits = magnifierZoomLimits(crop, pane);
  // Until the user moves it, the view is on the edge point, which comes once the cut-out's alpha is read.
  const start = focus.data ? cutoutPointInPhoto(focus.data, cutout, crop) : { x: crop.x + crop.width / 2, y: crop.y + crop.height / 2 };
  const view = userView ?? { centerX: start.x, centerY: start.y, zoom: MAGNIFIER_START_ZOOM };
  const viewRef = useRef(view);
  viewRef.current = view;

  useModalDialog(dialog, closeButton);

  // Both panes have one size (styles.css): the first one's is the size of each.
  useLayoutEffect(() => {
    const first = panes.current?.firstElementChild;
    if (!first) return;
    const measure = () => setPane({ width: first.clientWidth || UNMEASURED.width, height: first.clientHeight || UNMEASURED.height });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(first);
    return () => observer.disconnect();
  }, []);

  // From the newest view, not the one of the last render: two moves may come before React renders again.
  const changeView = (change: (current: MagnifierView) => MagnifierView) => {
    viewRef.current = change(viewRef.current);
    setUserView(viewRef.current);
  };
  const zoomTo = (zoom: number, anchor = { x: pane.width / 2, y: pane.height / 2 }) =>
    changeView((current) => zoomMagnifierAt(current, zoom, anchor, pane, photo, limits));
  const zoomToRef = useRef(zoomTo);
  zoomToRef.current = zoomTo;

  // The wheel zooms around the pointer; a listener of React's would be passive, and the page would scroll.
  useEffect(() => {
    const element = panes.current!;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const paneBox = (event.target as Element).closest('.edge-compare__pane')?.getBoundingClientRect();
      if (!paneBox) return;
      const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.002));
      zoomToRef.current(viewRef.current.zoom * factor, { x: event.clientX - paneBox.left, y: event.clientY - paneBox.top });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const from = drag.current;
    if (!from || from.pointerId !== event.pointerId) return;
    drag.current = { ...from, x: event.clientX, y: event.clientY };
    changeView((current) => panMagnifier(current, event.clientX - from.x, event.clientY - from.y, photo, limits));
  };
  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointerId === event.pointerId) drag.current = null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    const arrows: Record<string, [number, number]> = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const arrow = arrows[event.key];
    if (arrow) changeView((current) => panMagnifier(current, arrow[0] * ARROW_PAN, arrow[1] * ARROW_PAN, photo, limits));
    else if (event.key === '+' || event.key === '=') zoomTo(nextMagnifierZoom(view.zoom, 1, limits));
    else if (event.key === '-') zoomTo(nextMagnifierZoom(view.zoom, -1, limits));
    else if (event.key === '1') zoomTo(1);
    else return;
    event.preventDefault();
  };

  const pixelated = view.zoom > 1;
  const imageStyle = (covers: Rect, natural: Size) => {
    const placement = magnifiedPlacement(view, pane, covers, natural);
    return {
      width: natural.width,
      height: natural.height,
      transform: `translate(${placement.x}px, ${placement.y}px) scale(${placement.scaleX}, ${placement.scaleY})`,
      imageRendering: pixelated ? ('pixelated' as const) : undefined,
    };
  };
  const backdrops: Backdrop[] = colorCode ? ['checkerboard', 'white', 'black', 'canvas'] : ['checkerboard', 'white', 'black'];
  const backdropColor = { checkerboard: undefined, white: '#ffffff', black: '#000000', canvas: colorCode ?? undefined }[backdrop];
  const ready = loaded.photo && loaded.cutout;

  return (
    // Escape closes the dialog itself; the store follows (a close event that finds it open again is StrictMode's).
    <dialog
      ref={dialog}
      className="edge-compare"
      aria-labelledby="edge-compare-title"
      data-testid="edge-compare"
      onClose={() => !dialog.current?.open && close()}
      onKeyDown={onKeyDown}
    >
      <header className="edge-compare__header">
        <h2 id="edge-compare-title">Compare edge</h2>
        <div className="edge-compare__group" role="group" aria-label="Zoom">
          <button
            type="button"
            data-testid="edge-compare-zoom-out"
            aria-label="Zoom out"
            title="Zoom out (−)"
            disabled={view.zoom <= limits.min}
            onClick={() => zoomTo(nextMagnifierZoom(view.zoom, -1, limits))}
          >
            −
          </button>
          <output className="edge-compare__zoom" data-testid="edge-compare-zoom" aria-label="Zoom level">
            {Math.round(view.zoom * 100)} %
          </output>
          <button
            type="button"
            data-testid="edge-compare-zoom-in"
            aria-label="Zoom in"
            title="Zoom in (+)"
            disabled={view.zoom >= limits.max}
            onClick={() => zoomTo(nextMagnifierZoom(view.zoom, 1, limits))}
          >
            +
          </button>
          <button type="button" data-testid="edge-compare-zoom-1" title="One screen pixel a photo pixel (1)" onClick={() => zoomTo(1)}>
            1:1
          </button>
        </div>
        <div className="edge-compare__group" role="group" aria-label="Behind the cut-out">
          {backdrops.map((name) => (
            <button
              key={name}
              type="button"
              className="edge-compare__backdrop"
              data-testid={`edge-compare-backdrop-${name}`}
              aria-pressed={backdrop === name}
              onClick={() => setBackdrop(name)}
            >
              <span className={`edge-compare__swatch edge-compare__swatch--${name}`} style={name === 'canvas' ? { background: colorCode ?? undefined } : undefined} aria-hidden />
              {BACKDROP_NAMES[name]}
            </button>
          ))}
        </div>
        <button ref={closeButton} type="button" className="edge-compare__close" data-testid="edge-compare-close" onClick={close}>
          Close
        </button>
      </header>
      <div
        ref={panes}
        className="edge-compare__panes"
        data-testid="edge-compare-panes"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
      >
        <section className="edge-compare__pane" aria-label="Original photo" data-testid="edge-compare-before">
          <img
            className="edge-compare__image"
            src={displayUrl(origin.photoUrl)}
            alt="The original photo, magnified"
            data-testid="edge-compare-photo"
            draggable={false}
            style={imageStyle({ x: 0, y: 0, ...photo }, photo)}
            onLoad={() => setLoaded((state) => ({ ...state, photo: true }))}
            onError={() => setFailed('The original photo could not be loaded.')}
          />
          <span className="edge-compare__label">Original</span>
        </section>
        <section
          className={`edge-compare__pane${backdrop === 'checkerboard' ? ' edge-compare__pane--checkerboard' : ''}`}
          style={{ background: backdropColor }}
          aria-label="Cut-out"
          data-testid="edge-compare-after"
        >
          <img
            className="edge-compare__image"
            src={cutout.url}
            alt="The cut-out, magnified"
            data-testid="edge-compare-cutout"
            draggable={false}
            style={imageStyle(crop, cutout)}
            onLoad={() => setLoaded((state) => ({ ...state, cutout: true }))}
            onError={() => setFailed('The cut-out could not be loaded.')}
          />
          <span className="edge-compare__label">Cut-out</span>
        </section>
      </div>
      <p className="edge-compare__hint status" role="status">
        {failed ?? (ready ? 'Drag to pan both · wheel, + and − to zoom' : 'Loading the full-size images…')}
      </p>
    </dialog>
  );
}
