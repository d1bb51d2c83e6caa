import { withoutHistory } from '../history.ts';
import { useEditorStore } from '../store/editor-store.ts';
import type { EditorAction } from './action.ts';

const DIRECTIONS = [
  { key: 'ArrowLeft', name: 'left', dx: -1, dy: 0 },
  { key: 'ArrowRight', name: 'right', dx: 1, dy: 0 },
  { key: 'ArrowUp', name: 'up', dx: 0, dy: -1 },
  { key: 'ArrowDown', name: 'down', dx: 0, dy: 1 },
] as const;

const STEPS = [
  { step: 1, shift: false, id: '', keysLabel: '← ↑ → ↓', help: 'Move the selected layer 1 px' },
  { step: 10, shift: true, id: '-far', keysLabel: 'Shift + arrows', help: 'Move the selected layer 10 px' },
] as const;

/** The arrow keys move the selected layer by 1 px, with Shift by 10 px; a held key is one undo step. */
export const nudgeActions: readonly EditorAction[] = STEPS.flatMap(({ step, shift, id, keysLabel, help }) =>
  DIRECTIONS.map(({ key, name, dx, dy }): EditorAction => ({
    id: `nudge-${name}${id}`,
    label: `Move ${name} ${step} px`,
    group: 'nudge',
    keys: { bindings: [{ key, shift }], label: keysLabel, help },
    enabled: (state) => Boolean(state.selection && state.document[state.selection]),
    perform: ({ repeat }) => {
      const { document, selection, setLayerRect } = useEditorStore.getState();
      const layer = selection ? document[selection] : null;
      if (!selection || !layer) return;
      const move = () => setLayerRect(selection, { x: layer.x + dx * step, y: layer.y + dy * step });
      // The first press is an undo step; its auto-repeats join it, so holding a key undoes in one go.
      if (repeat) withoutHistory(move);
      else move();
    },
  })),
);
