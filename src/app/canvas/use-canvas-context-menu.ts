import { useEffect, type RefObject } from 'react';
import { layerAt } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';

/**
 * A right-click on the canvas opens the menu of the layer under the pointer (selecting it) or of the empty
 * canvas. The native `contextmenu` event is listened to on the canvas's box, not Konva's: a long press on a
 * touch screen opens the menu by sending that event to the element under the finger, which bubbles here; the
 * browser sends it too for Shift+F10 or the Menu key on the focused canvas.
 */
export function useCanvasContextMenu(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onContextMenu = (event: MouseEvent) => {
      event.preventDefault();
      const state = useEditorStore.getState();
      const box = element.getBoundingClientRect();
      const { scale, offsetX, offsetY } = state.view;
      const point = { x: (event.clientX - box.left - offsetX) / scale, y: (event.clientY - box.top - offsetY) / scale };
      // From the keyboard (Shift+F10, the Menu key: no button), the menu is the selected layer's, wherever the
      // browser puts the point; from a pointer, it is the menu of what is under it.
      const fromKeyboard = event.button === -1;
      const target = fromKeyboard ? state.selection : layerAt(state.document, point);
      state.select(target);
      // The focus the menu gives back when it closes: the canvas, where the keys act on the selection.
      element.focus({ preventScroll: true });
      state.openContextMenu({ x: event.clientX, y: event.clientY, target });
    };
    element.addEventListener('contextmenu', onContextMenu);
    return () => element.removeEventListener('contextmenu', onContextMenu);
  }, [ref]);
}
