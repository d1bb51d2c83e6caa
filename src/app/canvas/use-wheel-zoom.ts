import { useEffect, type RefObject } from 'react';
import { useEditorStore } from '../store/editor-store.ts';

/** Wheel: zoom around the pointer. A trackpad pinch arrives as a wheel with ctrlKey and small deltas. */
export function useWheelZoom(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      const anchor = { x: event.clientX - box.left, y: event.clientY - box.top };
      const lines = event.deltaMode === 1 ? 16 : 1; // Firefox reports lines
      const sensitivity = event.ctrlKey ? 0.01 : 0.0015;
      useEditorStore.getState().zoomBy(Math.exp(-event.deltaY * lines * sensitivity), anchor);
    };
    // Not passive: the page must not scroll or zoom itself.
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [ref]);
}
