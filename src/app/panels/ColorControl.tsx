import { useState } from 'react';
import { normalizeHexColor } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectColorCode } from '../store/selectors.ts';

const DEFAULT_COLOR = '#f2efe9';

/** Background colour: a picker, a hex field (#rgb or #rrggbb) and "No colour" (transparent where uncovered). */
export function ColorControl() {
  const colorCode = useEditorStore(selectColorCode);
  const setColorCode = useEditorStore((state) => state.setColorCode);
  const [lastColor, setLastColor] = useState(colorCode ?? DEFAULT_COLOR);
  const [hexDraft, setHexDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const apply = (color: string) => {
    setLastColor(color);
    setColorCode(color);
  };
  const commitHex = (text: string) => {
    setHexDraft(null);
    const trimmed = text.trim();
    if (trimmed === '') {
      // An empty field means no colour (its placeholder says "none"); tabbing through it is not a mistake.
      setProblem(null);
      setColorCode(null);
      return;
    }
    const color = normalizeHexColor(trimmed.startsWith('#') ? trimmed : `#${trimmed}`);
    if (!color) {
      setProblem('Colour must be a hex code like #aafbe3 or #abc');
      return;
    }
    setProblem(null);
    apply(color);
  };

  return (
    <div className="color-control">
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="color-none"
          checked={colorCode === null}
          onChange={(event) => {
            // Remember the colour being turned off (it may have come from an import), so unticking restores it.
            if (event.target.checked && colorCode) setLastColor(colorCode);
            setColorCode(event.target.checked ? null : lastColor);
          }}
        />
        No colour
      </label>
      <div className="color-control__row">
        <input
          type="color"
          aria-label="Background colour"
          data-testid="color-picker"
          value={colorCode ?? lastColor}
          onChange={(event) => apply(event.target.value)}
        />
        <input
          type="text"
          aria-label="Background colour as hex"
          data-testid="color-hex"
          spellCheck={false}
          value={hexDraft ?? colorCode ?? ''}
          placeholder="none"
          onFocus={() => setHexDraft(colorCode ?? '')}
          onChange={(event) => setHexDraft(event.target.value)}
          onBlur={(event) => hexDraft !== null && commitHex(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitHex(event.currentTarget.value);
            if (event.key === 'Escape') setHexDraft(null);
          }}
          aria-invalid={problem ? true : undefined}
        />
      </div>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
