import { MAX_SIDE } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectCanvas, selectKeepAspectRatio, selectShowOverflow } from '../store/selectors.ts';
import { CanvasPresetSelect } from './CanvasPresetSelect.tsx';
import { ColorControl } from './ColorControl.tsx';
import { LayerGeometryFields } from './LayerGeometryFields.tsx';
import { MarketplacePresetSelect } from './MarketplacePresetSelect.tsx';
import { NumberField } from './NumberField.tsx';

/** Canvas size, background colour and each layer's placement, all in canvas pixels. */
export function Inspector() {
  const canvas = useEditorStore(selectCanvas);
  const setCanvasSize = useEditorStore((state) => state.setCanvasSize);
  const showOverflow = useEditorStore(selectShowOverflow);
  const setShowOverflow = useEditorStore((state) => state.setShowOverflow);
  const keepAspectRatio = useEditorStore(selectKeepAspectRatio);
  const setKeepAspectRatio = useEditorStore((state) => state.setKeepAspectRatio);
  const hasTemplate = useEditorStore((state) => state.document.template !== null);
  const hasForeground = useEditorStore((state) => state.document.foreground !== null);

  return (
    <section className="panel" aria-labelledby="inspector-title">
      <h2 id="inspector-title" className="panel__title">
        Inspector
      </h2>
      <h3 className="panel__subtitle">Marketplace</h3>
      <MarketplacePresetSelect />
      <h3 className="panel__subtitle">Canvas</h3>
      <CanvasPresetSelect />
      <div className="field-grid">
        <NumberField label="W" testId="canvas-width" value={canvas.width} min={1} max={MAX_SIDE} onCommit={(width) => setCanvasSize({ ...canvas, width })} />
        <NumberField label="H" testId="canvas-height" value={canvas.height} min={1} max={MAX_SIDE} onCommit={(height) => setCanvasSize({ ...canvas, height })} />
      </div>
      <h3 className="panel__subtitle">Background colour</h3>
      <ColorControl />
      {hasForeground && (
        <>
          <h3 className="panel__subtitle">Foreground</h3>
          <LayerGeometryFields kind="foreground" />
        </>
      )}
      {hasTemplate && (
        <>
          <h3 className="panel__subtitle">Background image</h3>
          <LayerGeometryFields kind="template" />
        </>
      )}
      <div className="panel__options">
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="keep-aspect-ratio"
            checked={keepAspectRatio}
            onChange={(event) => setKeepAspectRatio(event.target.checked)}
          />
          Keep aspect ratio when typing a size
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="overflow-toggle"
            checked={showOverflow}
            onChange={(event) => setShowOverflow(event.target.checked)}
          />
          Show parts outside the canvas (dimmed)
        </label>
      </div>
    </section>
  );
}
