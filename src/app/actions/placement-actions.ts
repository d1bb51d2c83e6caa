import { placeLayer, type PlacementAction } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import type { EditorAction } from './action.ts';

/** The nine ways to place the selected layer with one click (src/core/placement.ts), in toolbar order. */
const PLACEMENTS: ReadonlyArray<{ placement: PlacementAction; label: string; icon: string }> = [
  { placement: 'align-left', label: 'Align to the left edge', icon: '⇤' },
  { placement: 'centre-horizontally', label: 'Centre horizontally', icon: '↔' },
  { placement: 'align-right', label: 'Align to the right edge', icon: '⇥' },
  { placement: 'align-top', label: 'Align to the top edge', icon: '⤒' },
  { placement: 'centre-vertically', label: 'Centre vertically', icon: '↕' },
  { placement: 'align-bottom', label: 'Align to the bottom edge', icon: '⤓' },
  { placement: 'fit', label: 'Fit inside the canvas', icon: 'Fit' },
  { placement: 'fill', label: 'Fill the canvas (cover)', icon: 'Fill' },
  { placement: 'natural-size', label: 'Natural size (1 image pixel = 1 canvas pixel)', icon: '1:1' },
];

export const placementActions: readonly EditorAction[] = PLACEMENTS.map(({ placement, label, icon }) => ({
  id: `place-${placement}`,
  label,
  icon,
  title: label,
  whyDisabled: 'select a layer first',
  group: 'placement',
  enabled: (state) => Boolean(state.selection && state.document[state.selection]),
  perform: () => {
    const { document, selection, setLayerRect } = useEditorStore.getState();
    const layer = selection ? document[selection] : null;
    if (!selection || !layer) return;
    setLayerRect(selection, placeLayer(placement, layer, layer.source, document.canvas));
  },
}));
