import { beforeEach, expect, it } from 'vitest';
import { useEditorStore } from './editor-store.ts';

const store = () => useEditorStore.getState();

beforeEach(() => {
  useEditorStore.setState({ view: { scale: 0.5, offsetX: 40, offsetY: 30 }, zoomMode: 'fit', viewport: { width: 1000, height: 800 } });
});

it('a pinch step zooms around its anchor and pans, as zoomBy then panBy would, in one store update', () => {
  store().zoomBy(1.5, { x: 300, y: 200 });
  store().panBy(12, -7);
  const twoSteps = store().view;

  useEditorStore.setState({ view: { scale: 0.5, offsetX: 40, offsetY: 30 }, zoomMode: 'fit' });
  let updates = 0;
  const unsubscribe = useEditorStore.subscribe(() => (updates += 1));
  store().pinchBy(1.5, { x: 300, y: 200 }, 12, -7);
  unsubscribe();

  expect(updates).toBe(1);
  expect(store().view.scale).toBeCloseTo(twoSteps.scale);
  expect(store().view.offsetX).toBeCloseTo(twoSteps.offsetX);
  expect(store().view.offsetY).toBeCloseTo(twoSteps.offsetY);
  expect(store().zoomMode).toBe('free');
  // The canvas point that was under the anchor is under the anchor moved by the pan: (520, 340) on the canvas.
  expect(store().view.offsetX + 520 * store().view.scale).toBeCloseTo(312);
  expect(store().view.offsetY + 340 * store().view.scale).toBeCloseTo(193);
});

it('a pinch step stops at the largest zoom, still keeping the point under the fingers', () => {
  store().pinchBy(100, { x: 300, y: 200 }, 0, 0);
  expect(store().view.scale).toBe(8);
  expect(store().view.offsetX + 520 * 8).toBeCloseTo(300);
});
