import { useEffect, useState, type RefObject } from 'react';
import { useEditorStore } from '../store/editor-store.ts';
import { modifierKeys } from './modifier-keys.ts';

/**
 * Space+drag or the middle button pans the view. Caught in the capture phase, before Konva sees the press, so a
 * pan that starts on a layer does not move the layer. Returns whether a pan is possible now (for the cursor).
 */
export function usePan(ref: RefObject<HTMLElement | null>): boolean {
  const [spaceHeld, setSpaceHeld] = useState(false);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const isTyping = (target: EventTarget | null) =>
      target instanceof HTMLElement && Boolean(target.closest('input, textarea, select, [contenteditable="true"]'));
    const onKey = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || isTyping(event.target)) return;
      // Space still presses a focused button; it pans only when the canvas or nothing has the focus.
      const active = document.activeElement;
      if (event.type === 'keydown' && active && active !== document.body && !element.contains(active)) return;
      if (event.type === 'keydown') event.preventDefault(); // no page scroll, no button press
      setSpaceHeld(event.type === 'keydown');
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!(event.button === 1 || (event.button === 0 && modifierKeys.space))) return;
      event.preventDefault();
      event.stopPropagation();
      let last = { x: event.clientX, y: event.clientY };
      const onMove = (move: PointerEvent) => {
        useEditorStore.getState().panBy(move.clientX - last.x, move.clientY - last.y);
        last = { x: move.clientX, y: move.clientY };
      };
      const onUp = () => {
        window.removeEventListener('pointermove', onMove);
        window.removeEventListener('pointerup', onUp);
      };
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
    };
    const suppress = (event: MouseEvent) => {
      if (event.button === 1 || modifierKeys.space) event.stopPropagation();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    element.addEventListener('pointerdown', onPointerDown, true);
    element.addEventListener('mousedown', suppress, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
      element.removeEventListener('pointerdown', onPointerDown, true);
      element.removeEventListener('mousedown', suppress, true);
    };
  }, [ref]);
  return spaceHeld;
}
