/**
 * Lets Chromium apply each new `transform` of `element` straight to the compositor's copy of it, skipping the
 * page's layerization on the frames that only move it (on a 4x-throttled drag, ~1 ms of the main thread's ~10 ms
 * a frame: bench/editor.ts). Chromium takes that shortcut only for an element with a transform animation, for which
 * it already assumes, when sorting the page into layers, that the element may be anywhere. The animation here adds
 * nothing to the element's own transform (an identity translation, composited by addition) and is paused, so it
 * never ticks and costs no frame. Returns what undoes it; a browser without Web Animations is left as it is.
 */
export function applyTransformsDirectly(element: HTMLElement): () => void {
  if (typeof element.animate !== 'function') return () => {};
  const identity = { transform: 'translate(0px, 0px)' };
  const held = element.animate([identity, identity], { duration: 1e9, composite: 'add' });
  held.pause();
  return () => held.cancel();
}
