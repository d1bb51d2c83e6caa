import { describe, expect, it } from 'vitest';
import { ACTIONS } from './action-registry.ts';
import { GESTURES, helpRows } from './help-rows.ts';
import { actionForKey, bindingPresses, type KeyPress } from './key-binding.ts';

const key = (value: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...modifiers,
});
const actionId = (press: KeyPress, onCanvas = false) => actionForKey(ACTIONS, press, onCanvas)?.id;

describe('the keys of the actions', () => {
  it('no two actions claim the same key press', () => {
    const claimed = new Map<string, string>();
    for (const action of ACTIONS) {
      for (const binding of action.keys?.bindings ?? []) {
        for (const press of bindingPresses(binding)) {
          expect(claimed.get(press), `${press} is claimed by ${claimed.get(press)} and ${action.id}`).toBeUndefined();
          claimed.set(press, action.id);
        }
      }
    }
    expect(claimed.size).toBeGreaterThan(10);
  });

  it('every action with keys has its line in the shortcut list, and the gestures follow', () => {
    const rows = helpRows(ACTIONS);
    for (const action of ACTIONS) {
      if (!action.keys) continue;
      expect(rows, action.id).toContainEqual({ keys: action.keys.label, description: action.keys.help ?? action.label });
    }
    expect(rows.slice(-GESTURES.length)).toEqual(GESTURES);
    // The four arrows share one line, and so do the four Shift+arrows.
    expect(rows.filter((row) => row.keys === '← ↑ → ↓')).toHaveLength(1);
    expect(new Set(rows.map((row) => row.keys)).size).toBe(rows.length);
  });

  it('finds undo and redo with Ctrl or ⌘, whatever the case of the letter', () => {
    expect(actionId(key('z', { ctrlKey: true }))).toBe('undo');
    expect(actionId(key('z', { metaKey: true }))).toBe('undo');
    expect(actionId(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(actionId(key('y', { ctrlKey: true }))).toBe('redo');
    expect(actionId(key('z')), 'a plain z is no shortcut').toBeUndefined();
  });

  it('finds the arrows with and without Shift, and not with Alt or Ctrl', () => {
    expect(actionId(key('ArrowLeft'))).toBe('nudge-left');
    expect(actionId(key('ArrowDown', { shiftKey: true }))).toBe('nudge-down-far');
    expect(actionId(key('ArrowLeft', { altKey: true }))).toBeUndefined();
    expect(actionId(key('ArrowLeft', { ctrlKey: true }))).toBeUndefined();
  });

  it('takes Tab only while the canvas has the focus', () => {
    expect(actionId(key('Tab')), 'Tab elsewhere moves the focus').toBeUndefined();
    expect(actionId(key('Tab'), true)).toBe('select-next-layer');
    expect(actionId(key('Tab', { shiftKey: true }), true)).toBe('select-previous-layer');
  });

  it('finds "?" with or without Shift (keyboard layouts differ), Delete, Backspace and Escape', () => {
    expect(actionId(key('?', { shiftKey: true }))).toBe('show-shortcuts');
    expect(actionId(key('?'))).toBe('show-shortcuts');
    expect(actionId(key('Delete'))).toBe('remove-layer');
    expect(actionId(key('Backspace'))).toBe('remove-layer');
    expect(actionId(key('Escape'))).toBe('deselect');
  });
});
