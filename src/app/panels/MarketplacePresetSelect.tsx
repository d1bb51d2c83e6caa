import { useQueryClient } from '@tanstack/react-query';
import { MARKETPLACE_PRESETS, marketplacePreset } from '../../core/index.ts';
import { ActionButton } from '../actions/ActionButton.tsx';
import { actionById } from '../actions/action-registry.ts';
import { withFoundSubject } from '../images/image-subject-query.ts';
import { ensureForegroundSubject } from '../images/use-foreground-subject.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectMarketplace } from '../store/selectors.ts';

/**
 * Marketplace presets: one choice sets the canvas, the background and the product's placement (one undo
 * step), and the rule it follows is cited below with its source. The Render panel then checks the rules live.
 */
export function MarketplacePresetSelect() {
  const marketplace = useEditorStore(selectMarketplace);
  const setMarketplace = useEditorStore((state) => state.setMarketplace);
  const queryClient = useQueryClient();
  // The product is fitted by its subject: a transparent PNG chosen a moment ago may still be being looked at.
  const choose = async (id: string | null) => {
    if (id) await ensureForegroundSubject(queryClient);
    const source = useEditorStore.getState().document.foreground?.source;
    setMarketplace(id, source && withFoundSubject(source));
  };
  const preset = marketplace ? marketplacePreset(marketplace) : undefined;
  return (
    <div className="marketplace">
      <label className="select-field">
        <span>Preset</span>
        <select data-testid="marketplace-preset" value={preset?.id ?? ''} onChange={(event) => void choose(event.target.value || null)}>
          <option value="">None</option>
          {MARKETPLACE_PRESETS.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label} — {candidate.canvas.width}×{candidate.canvas.height}
            </option>
          ))}
        </select>
      </label>
      {preset && (
        <p className="marketplace__rule" data-testid="marketplace-rule">
          {preset.citation}{' '}
          <a href={preset.source} target="_blank" rel="noreferrer noopener">
            Source
          </a>
        </p>
      )}
      <div className="marketplace__actions">
        <ActionButton action={actionById('fit-subject-centre')} />
        <ActionButton action={actionById('fit-subject-bottom')} />
      </div>
    </div>
  );
}
