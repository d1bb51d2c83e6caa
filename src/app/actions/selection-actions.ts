import { LAYERS_TOP_DOWN, type LayerKind } from '../../core/index.ts';
import { useEditorStore, type EditorState } from '../store/editor-store.ts';
import type { EditorAction } from './action.ts';

export const deselect: EditorAction = {
  id: 'deselect',
  label: 'Deselect',
  group: 'selection',
  keys: { bindings: [{ key: 'Escape' }], label: 'Escape' },
  enabled: (state) => state.selection !== null,
  perform: () => useEditorStore.getState().select(null),
};

const hasLayers = (state: EditorState) => LAYERS_TOP_DOWN.some((kind) => state.document[kind]);

/**
 * Steps the selection through the layers (top first, or bottom first going back). Past the last one it
 * selects nothing and lets Tab move the focus on, so the keyboard is never trapped on the canvas.
 */
function stepSelection(order: readonly LayerKind[]): false | void {
  const { document, selection, select } = useEditorStore.getState();
  const present = order.filter((kind) => document[kind]);
  const next = present[selection ? present.indexOf(selection) + 1 : 0];
  select(next ?? null);
  if (!next) return false;
}

export const selectNextLayer: EditorAction = {
  id: 'select-next-layer',
  label: 'Select the next layer',
  group: 'selection',
  keys: { bindings: [{ key: 'Tab', shift: false, onCanvas: true }], label: 'Tab (on the canvas)' },
  enabled: hasLayers,
  perform: () => stepSelection(LAYERS_TOP_DOWN),
};

export const selectPreviousLayer: EditorAction = {
  id: 'select-previous-layer',
  label: 'Select the previous layer',
  group: 'selection',
  keys: { bindings: [{ key: 'Tab', shift: true, onCanvas: true }], label: 'Shift + Tab (on the canvas)' },
  enabled: hasLayers,
  perform: () => stepSelection([...LAYERS_TOP_DOWN].reverse()),
};
