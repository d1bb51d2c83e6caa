import type { EditorAction } from './action.ts';

/** One line of the shortcut list: the keys or gesture, and what it does. */
export interface HelpRow {
  keys: string;
  description: string;
}

/** What pointers, fingers and the browser's own keys do that is not an action of its own. */
export const GESTURES: readonly HelpRow[] = [
  { keys: 'Click / tap a layer', description: 'Select it' },
  { keys: 'Drag', description: 'Move (snaps to canvas and layer edges and centres)' },
  { keys: 'Alt while dragging', description: 'Move without snapping' },
  { keys: 'Drag a corner', description: 'Scale, keeping the aspect ratio' },
  { keys: 'Shift while scaling', description: 'Scale freely' },
  { keys: 'Wheel, pinch', description: 'Zoom around the pointer' },
  { keys: 'Space + drag, middle button', description: 'Pan' },
  { keys: 'One finger on empty canvas', description: 'Pan (touch)' },
  { keys: 'Right-click, long press', description: 'The menu of the layer there, or of the canvas' },
  { keys: 'Shift + F10, Menu key (on the canvas)', description: 'The menu of the selected layer' },
  { keys: 'Ctrl/⌘ + V', description: 'Paste an image as the foreground' },
];

/**
 * The shortcut list: one line per action with keys, in the registry's order (actions sharing a line, such as
 * the four arrows, give it once), then the gestures.
 */
export function helpRows(actions: readonly EditorAction[]): HelpRow[] {
  const rows: HelpRow[] = [];
  for (const action of actions) {
    if (!action.keys) continue;
    const row = { keys: action.keys.label, description: action.keys.help ?? action.label };
    if (!rows.some((seen) => seen.keys === row.keys && seen.description === row.description)) rows.push(row);
  }
  return [...rows, ...GESTURES];
}
