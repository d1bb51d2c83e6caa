import { useRef } from 'react';
import { NO_EFFECTS, type LayerEffects, type LayerKind } from '../../core/index.ts';
import { withoutHistory } from '../history.ts';
import { useEditorStore } from '../store/editor-store.ts';

const effectsOf = (kind: LayerKind): LayerEffects => useEditorStore.getState().document[kind]?.effects ?? NO_EFFECTS;

/**
 * Edits of a layer's effects, one undo step each: a toggle is a step at once; a slider's run of changes shows
 * live on the canvas (outside the history) and becomes one step when it is let go, as a drag does.
 */
export function useEffectsEdit(kind: LayerKind) {
  const setLayerEffects = useEditorStore((state) => state.setLayerEffects);
  const before = useRef<LayerEffects | null>(null);
  return {
    /** One undo step. */
    apply: (next: LayerEffects) => setLayerEffects(kind, next),
    /** Part of a run of changes: shown, not yet a step. */
    preview: (next: LayerEffects) => {
      before.current ??= effectsOf(kind);
      withoutHistory(() => setLayerEffects(kind, next));
    },
    /** The end of a run: the history gets one step from where it began to where it ended. */
    commit: () => {
      const start = before.current;
      before.current = null;
      if (!start) return;
      const end = effectsOf(kind);
      if (JSON.stringify(start) === JSON.stringify(end)) return;
      withoutHistory(() => setLayerEffects(kind, start));
      setLayerEffects(kind, end);
    },
  };
}
