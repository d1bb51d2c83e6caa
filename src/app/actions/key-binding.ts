import type { EditorAction, KeyBinding } from './action.ts';

/** The parts of a keydown that decide which action it asks for. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const sameKey = (a: string, b: string) => a === b || (a.length === 1 && b.length === 1 && a.toLowerCase() === b.toLowerCase());

/** Whether a key press is this binding. Alt is never part of one (Alt+arrow and the like are the browser's). */
export function matchesBinding(binding: KeyBinding, press: KeyPress, focusOnCanvas: boolean): boolean {
  if (press.altKey) return false;
  if (Boolean(binding.mod) !== (press.ctrlKey || press.metaKey)) return false;
  if (binding.shift !== undefined && binding.shift !== press.shiftKey) return false;
  if (binding.onCanvas && !focusOnCanvas) return false;
  return sameKey(binding.key, press.key);
}

/** The action a key press asks for, if any. */
export function actionForKey(
  actions: readonly EditorAction[],
  press: KeyPress,
  focusOnCanvas: boolean,
): EditorAction | undefined {
  return actions.find((action) => action.keys?.bindings.some((binding) => matchesBinding(binding, press, focusOnCanvas)));
}

/**
 * Every key press a binding answers to, written out ("mod+shift+z"), so that two actions claiming the same
 * press can be found: a binding that takes Shift either way claims both.
 */
export function bindingPresses(binding: KeyBinding): string[] {
  const key = binding.key.length === 1 ? binding.key.toLowerCase() : binding.key;
  const shifts = binding.shift === undefined ? [false, true] : [binding.shift];
  return shifts.map((shift) => `${binding.mod ? 'mod+' : ''}${shift ? 'shift+' : ''}${key}`);
}
