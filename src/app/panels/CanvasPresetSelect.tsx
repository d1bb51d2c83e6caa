import { CANVAS_PRESETS } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectCanvas } from '../store/selectors.ts';

/** Common output sizes; "Custom" whenever the canvas matches none (the W/H fields set any size). */
export function CanvasPresetSelect() {
  const canvas = useEditorStore(selectCanvas);
  const setCanvasSize = useEditorStore((state) => state.setCanvasSize);
  const current = CANVAS_PRESETS.find((preset) => preset.width === canvas.width && preset.height === canvas.height);
  return (
    <label className="select-field">
      <span>Size</span>
      <select
        data-testid="canvas-preset"
        value={current ? `${current.width}x${current.height}` : 'custom'}
        onChange={(event) => {
          const preset = CANVAS_PRESETS.find((candidate) => `${candidate.width}x${candidate.height}` === event.target.value);
          if (preset) setCanvasSize(preset);
        }}
      >
        {CANVAS_PRESETS.map((preset) => (
          <option key={preset.label} value={`${preset.width}x${preset.height}`}>
            {preset.width}×{preset.height} — {preset.label}
          </option>
        ))}
        <option value="custom" disabled={Boolean(current)}>
          Custom
        </option>
      </select>
    </label>
  );
}
