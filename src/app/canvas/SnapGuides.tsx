import { useEffect, useRef } from 'react';
import type { SnapGuide } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectView } from '../store/selectors.ts';
import { useSnapGuides } from './snap-guides-store.ts';
import { applyTransformsDirectly } from './direct-transform.ts';

/** Where a hidden line waits: just out of the guides' box, which clips it. */
const HIDDEN_AT = -10;

/**
 * The lines a drag or resize is snapped to, 1 screen pixel wide across the whole view: elements over the stage,
 * not a Konva layer, so showing or hiding one costs no canvas drawing. They come and go many times during a
 * drag, so they are kept up to date by hand rather than by React: each line is an element of its own that stays,
 * made at once, moved by a CSS translation and hidden by moving it out of its box (which clips it). Each line is
 * composited and updated straight in the compositor (direct-transform.ts), so a guide coming, moving or going
 * repaints nothing: a repaint of the page on a guide change made that frame of a drag twice as long as the others.
 */
export function SnapGuides() {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // One pool of lines per axis, so that a line never changes from vertical to horizontal. A snap has at most
    // one guide per axis; both are made now, as making a line during a drag would repaint the page.
    const pools: Record<SnapGuide['axis'], HTMLDivElement[]> = { x: [], y: [] };
    const releases: Array<() => void> = [];
    const place = (line: HTMLDivElement, css: number) => {
      // On whole device pixels: a composited line between two would be blurred over both.
      const ratio = window.devicePixelRatio || 1;
      const at = Math.round(css * ratio) / ratio;
      line.style.transform = line.dataset.axis === 'x' ? `translateX(${at}px)` : `translateY(${at}px)`;
    };
    const lineAt = (axis: SnapGuide['axis'], index: number) => {
      const pool = pools[axis];
      while (pool.length <= index) {
        const line = document.createElement('div');
        line.className = `snap-guide snap-guide--${axis}`;
        line.dataset.axis = axis;
        place(line, HIDDEN_AT);
        element.append(line);
        releases.push(applyTransformsDirectly(line));
        pool.push(line);
      }
      return pool[index]!;
    };
    lineAt('x', 0);
    lineAt('y', 0);
    const draw = () => {
      const { guides } = useSnapGuides.getState();
      const view = selectView(useEditorStore.getState());
      const shown = { x: 0, y: 0 };
      for (const guide of guides) {
        const line = lineAt(guide.axis, shown[guide.axis]++);
        const vertical = guide.axis === 'x';
        place(line, (vertical ? view.offsetX : view.offsetY) + guide.position * view.scale - 0.5);
        line.dataset.testid = 'snap-guide';
        line.dataset.position = String(guide.position);
      }
      for (const axis of ['x', 'y'] as const) {
        for (const line of pools[axis].slice(shown[axis])) {
          if (!line.dataset.testid) continue;
          place(line, HIDDEN_AT);
          delete line.dataset.testid;
        }
      }
    };
    draw();
    const stopGuides = useSnapGuides.subscribe(draw);
    const stopView = useEditorStore.subscribe((state, previous) => {
      if (selectView(state) !== selectView(previous)) draw();
    });
    return () => {
      stopGuides();
      stopView();
      for (const release of releases) release();
      element.replaceChildren();
    };
  }, []);
  return <div ref={box} className="snap-guides" />;
}
