import { useEffect } from 'react';
import type { LayerKind } from '../core/index.ts';
import { redo, undo, withoutHistory } from './history.ts';
import { useEditorStore } from './store/editor-store.ts';

const NUDGE: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** Fields where keys belong to typing, not to the editor. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    Boolean(target.closest('input:not([type="checkbox"]):not([type="radio"]):not([type="button"]), textarea, select, [contenteditable="true"]'))
  );
}

/** The layers in Tab order: the top one first. */
const LAYER_ORDER: LayerKind[] = ['foreground', 'template'];

/**
 * The editor's keys: arrows nudge the selected layer (Shift: 10 px; a held key is one undo step), Delete or
 * Backspace removes it, Escape deselects, Tab (on the canvas) steps through the layers, Ctrl/Cmd+Z undoes,
 * Ctrl/Cmd+Shift+Z and Ctrl+Y redo, "?" toggles the shortcut list.
 */
export function useKeyboardShortcuts(toggleHelp: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.defaultPrevented) return;
      // Keys pressed in a dialog are the dialog's: Escape closes it, and Delete or an arrow must not change the
      // layout behind a modal. Only "?" still toggles the shortcut list.
      if (event.target instanceof Element && event.target.closest('dialog, [role="dialog"]') && event.key !== '?') return;
      const state = useEditorStore.getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key;

      if (mod && key.toLowerCase() === 'z') {
        event.preventDefault();
        if (event.shiftKey) redo();
        else undo();
        return;
      }
      if (mod && key.toLowerCase() === 'y') {
        event.preventDefault();
        redo();
        return;
      }
      if (mod || event.altKey) return;

      const nudge = NUDGE[key];
      if (nudge && state.selection) {
        const layer = state.document[state.selection];
        if (!layer) return;
        event.preventDefault();
        const step = event.shiftKey ? 10 : 1;
        const move = () =>
          state.setLayerRect(state.selection!, { x: layer.x + nudge[0] * step, y: layer.y + nudge[1] * step });
        // The first press is an undo step; its auto-repeats join it, so holding a key undoes in one go.
        if (event.repeat) withoutHistory(move);
        else move();
        return;
      }
      if ((key === 'Delete' || key === 'Backspace') && state.selection) {
        event.preventDefault();
        state.removeLayer(state.selection);
        return;
      }
      if (key === 'Escape' && state.selection) {
        state.select(null);
        return;
      }
      if (key === 'Tab') {
        // Only on the canvas (or with nothing focused): elsewhere Tab moves the focus as usual.
        const active = document.activeElement;
        const onCanvas = active?.closest?.('[data-testid="canvas-stage"]') || active === document.body;
        if (!onCanvas) return;
        const present = LAYER_ORDER.filter((kind) => state.document[kind]);
        const order = event.shiftKey ? [...present].reverse() : present;
        const index = state.selection ? order.indexOf(state.selection) : -1;
        const next = order[index + 1];
        if (!next) {
          // Past the last layer, let the focus leave the canvas, so the keyboard is never trapped.
          state.select(null);
          return;
        }
        event.preventDefault();
        state.select(next);
        return;
      }
      if (key === '?') {
        event.preventDefault();
        toggleHelp();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [toggleHelp]);
}
