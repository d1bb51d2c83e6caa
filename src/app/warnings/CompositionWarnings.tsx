import type { LayerKind } from '../../core/index.ts';
import { useRemoveBackground } from '../cutout/use-remove-background.ts';
import { useCompositionWarnings } from './use-composition-warnings.ts';

/**
 * The layout's warnings: all of them before Submit, or one layer's on its card. Styled apart from errors: they
 * do not stop Submit.
 */
export function CompositionWarnings({ layer }: { layer?: LayerKind }) {
  const warnings = useCompositionWarnings().filter((warning) => !layer || warning.layer === layer);
  if (warnings.length === 0) return null;
  return (
    <ul className="warning-list" data-testid={layer ? `${layer}-warnings` : 'composition-warnings'}>
      {warnings.map((warning) => (
        <li key={`${warning.layer}-${warning.kind}`} data-kind={warning.kind}>
          {warning.message}
          {/* The foreground's card has its own button right below its warnings. */}
          {!layer && warning.kind === 'opaque-foreground' && <RemoveBackgroundOffer />}
        </li>
      ))}
    </ul>
  );
}

/** The fix for a photo without transparency, offered where the warning is. */
function RemoveBackgroundOffer() {
  const removal = useRemoveBackground();
  return (
    <>
      {' '}
      <button type="button" className="warning-list__action" data-testid="warning-remove-background" disabled={removal.isPending} onClick={removal.start}>
        {removal.isPending ? 'Removing the background…' : 'Remove background'}
      </button>
      {removal.error && <span role="alert"> {removal.error.message}</span>}
    </>
  );
}

