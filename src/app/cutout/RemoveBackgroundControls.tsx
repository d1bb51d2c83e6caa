import { useQuery } from '@tanstack/react-query';
import { ActionButton } from '../actions/ActionButton.tsx';
import { compareEdge } from '../actions/compare-edge-action.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectLayer } from '../store/selectors.ts';
import { cutoutOrigin } from './cutout-origins.ts';
import { removalModelQuery } from './foreground-api.ts';
import { restoreOriginalPhoto, useRemoveBackground } from './use-remove-background.ts';

/** The foreground card's "Remove background" (on the server, offline), and "Restore original" and "Compare edge" after it. */
export function RemoveBackgroundControls() {
  const layer = useEditorStore(selectLayer('foreground'));
  const removal = useRemoveBackground();
  const model = useQuery(removalModelQuery(removal.isPending));
  if (!layer) return null;
  const origin = cutoutOrigin(layer.source.url);
  const waitingForModel = model.data && model.data.model !== 'ready' && model.data.model !== 'remote';
  return (
    <div className="layer-card__cutout">
      {origin ? (
        <>
          <button type="button" data-testid="restore-original" onClick={restoreOriginalPhoto}>
            Restore original
          </button>
          <ActionButton action={compareEdge} />
          {/* A warning, not an error: the cut-out can still be used. */}
          {origin.warning && (
            <ul className="warning-list" data-testid="cutout-warning">
              <li>{origin.warning}</li>
            </ul>
          )}
        </>
      ) : (
        <button type="button" data-testid="remove-background" disabled={removal.isPending} onClick={removal.start}>
          Remove background
        </button>
      )}
      {removal.isPending && (
        <p className="status" role="status" data-testid="remove-background-status">
          {waitingForModel ? 'Loading the background-removal model (the first removal after a start takes a few seconds more)…' : 'Removing the background…'}
        </p>
      )}
      {removal.error && (
        <p className="field-problem" role="alert" data-testid="remove-background-error">
          {removal.error.message}
        </p>
      )}
    </div>
  );
}
