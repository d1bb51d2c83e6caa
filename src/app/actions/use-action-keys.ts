import { useEffect } from 'react';
import { ACTIONS } from './action-registry.ts';
import { runAction, userContext } from './action-state.ts';
import { actionForKey } from './key-binding.ts';

/** The element that takes the canvas's keys (Tab steps through its layers only while it has the focus). */
export const CANVAS_FOCUS_SELECTOR = '[data-testid="canvas-stage"]';

/** Fields where keys belong to typing, not to the editor. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    Boolean(target.closest('input:not([type="checkbox"]):not([type="radio"]):not([type="button"]), textarea, select, [contenteditable="true"]'))
  );
}

/**
 * The editor's keys, from the actions' bindings. Keys typed in a field are the field's; keys pressed in a
 * dialog are the dialog's (Escape closes it, and Delete or an arrow must not change the layout behind a modal),
 * except "?" which still toggles the shortcut list; keys in the context menu are the menu's.
 */
export function useActionKeys(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.defaultPrevented) return;
      const inside = (selector: string) => event.target instanceof Element && Boolean(event.target.closest(selector));
      if (inside('[role="menu"]')) return;
      // A modal dialog owns the keys even when the focus has left it for the browser's own UI (the target is
      // then the body): Escape must reach the dialog and close it, not deselect a layer behind it.
      const modalOpen = Boolean(document.querySelector('dialog:modal'));
      if ((modalOpen || inside('dialog, [role="dialog"]')) && event.key !== '?') return;
      const focusOnCanvas = Boolean(document.activeElement?.closest(CANVAS_FOCUS_SELECTOR));
      const action = actionForKey(ACTIONS, event, focusOnCanvas);
      if (!action) return;
      if (runAction(action, userContext({ repeat: event.repeat }))) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
