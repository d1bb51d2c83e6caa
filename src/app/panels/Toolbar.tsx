import { placeLayer, type PlacementAction } from '../../core/index.ts';
import { redo, undo, useHistoryAvailability } from '../history.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectSelection, selectView, selectZoomMode } from '../store/selectors.ts';
import { ZOOM_STEP } from '../store/view-slice.ts';

const PLACEMENTS: Array<{ action: PlacementAction; label: string; icon: string }> = [
  { action: 'align-left', label: 'Align to the left edge', icon: '⇤' },
  { action: 'centre-horizontally', label: 'Centre horizontally', icon: '↔' },
  { action: 'align-right', label: 'Align to the right edge', icon: '⇥' },
  { action: 'align-top', label: 'Align to the top edge', icon: '⤒' },
  { action: 'centre-vertically', label: 'Centre vertically', icon: '↕' },
  { action: 'align-bottom', label: 'Align to the bottom edge', icon: '⤓' },
  { action: 'fit', label: 'Fit inside the canvas', icon: 'Fit' },
  { action: 'fill', label: 'Fill the canvas (cover)', icon: 'Fill' },
  { action: 'natural-size', label: 'Natural size (1 image pixel = 1 canvas pixel)', icon: '1:1' },
];

/** Undo/redo, zoom, the selected layer's placement actions, a new document and the shortcut list. */
export function Toolbar({ onNew, onHelp }: { onNew: () => void; onHelp: () => void }) {
  const { canUndo, canRedo } = useHistoryAvailability();
  const view = useEditorStore(selectView);
  const zoomMode = useEditorStore(selectZoomMode);
  const selection = useEditorStore(selectSelection);
  const zoomBy = useEditorStore((state) => state.zoomBy);
  const zoomTo = useEditorStore((state) => state.zoomTo);
  const zoomToFit = useEditorStore((state) => state.zoomToFit);

  const place = (action: PlacementAction) => {
    const { document, setLayerRect } = useEditorStore.getState();
    const layer = selection ? document[selection] : null;
    if (!selection || !layer) return;
    setLayerRect(selection, placeLayer(action, layer, layer.source, document.canvas));
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Editor tools">
      <div className="toolbar__group">
        <button type="button" data-testid="undo" onClick={undo} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
          ↶
        </button>
        <button type="button" data-testid="redo" onClick={redo} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
          ↷
        </button>
      </div>
      <div className="toolbar__group" aria-label="Zoom">
        <button type="button" data-testid="zoom-out" onClick={() => zoomBy(1 / ZOOM_STEP)} aria-label="Zoom out" title="Zoom out">
          −
        </button>
        <output className="toolbar__zoom" data-testid="zoom-level" aria-label="Zoom level">
          {Math.round(view.scale * 100)} %
        </output>
        <button type="button" data-testid="zoom-in" onClick={() => zoomBy(ZOOM_STEP)} aria-label="Zoom in" title="Zoom in">
          +
        </button>
        <button type="button" data-testid="zoom-fit" onClick={zoomToFit} aria-pressed={zoomMode === 'fit'} title="Fit the canvas in the view">
          Fit
        </button>
        <button type="button" data-testid="zoom-100" onClick={() => zoomTo(1)} title="1 canvas pixel = 1 screen pixel">
          100 %
        </button>
      </div>
      <div className="toolbar__group" aria-label="Place the selected layer">
        {PLACEMENTS.map(({ action, label, icon }) => (
          <button
            key={action}
            type="button"
            data-testid={`place-${action}`}
            onClick={() => place(action)}
            disabled={!selection}
            aria-label={label}
            title={selection ? label : `${label} (select a layer first)`}
          >
            {icon}
          </button>
        ))}
      </div>
      <div className="toolbar__group toolbar__group--end">
        <button type="button" data-testid="new-document" onClick={onNew}>
          New
        </button>
        <button type="button" data-testid="shortcuts-open" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
    </div>
  );
}
