import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CompositionDocument, Rect } from '../../core/index.ts';
import type { BatchDraftItem, BatchRule } from '../store/batch-slice.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { batchCutoutQuery } from './batch-cutout-query.ts';
import { itemEffects, placeItem } from './batch-layout.ts';
import { BatchThumb } from './BatchThumb.tsx';
import { effectsWords } from './effects-words.ts';
import { openBatchItemInEditor } from './item-in-editor.ts';

/**
 * One product of the batch being prepared: its preview, "Open in editor" (adjusting it there makes its own
 * placement and effects, an override of the rule), "Reset to rule" once adjusted, Remove.
 */
export function BatchItemCard({
  item,
  layout,
  rule,
  editing,
  editingAnother,
  liveBox,
}: {
  item: BatchDraftItem;
  layout: CompositionDocument;
  rule: BatchRule;
  /** This item is open in the editor; `liveBox` is where it is there now. */
  editing: boolean;
  editingAnother: boolean;
  liveBox: Rect | null;
}) {
  const queryClient = useQueryClient();
  const { setBatchItemSize, setBatchItemOverride, removeBatchItem } = useEditorStore.getState();
  // With background removal, an item on the rule is previewed as its cut-out, fitted by the cut-out's subject
  // as the server will place it; an adjusted one keeps its box in the photo's frame and shows the photo.
  const uploaded = !item.url.startsWith('blob:') && !item.problem;
  const asCutout = rule.removeBackground && !item.override && !editing;
  const cutout = useQuery({ ...batchCutoutQuery(item.url), enabled: asCutout && uploaded });
  const shownCutout = asCutout ? cutout.data : undefined;
  const ruled = shownCutout
    ? placeItem(layout, rule, shownCutout, shownCutout.subject)
    : item.size
      ? placeItem(layout, rule, item.size, item.subject)
      : null;
  const box = (editing ? liveBox : null) ?? item.override?.box ?? ruled;
  // What it renders with (the editor draws an item open there itself); not while its file still uploads.
  const thumbEffects = editing || !uploaded ? null : itemEffects(layout, item.override, box, shownCutout ?? item.size);
  const removing = asCutout && uploaded && cutout.isPending;
  const removalProblem = asCutout && cutout.isError ? cutout.error.message : null;
  // The server's words when the model was unsure of this photo's subject (a cut-out half-transparent all over),
  // kept while the item is adjusted or open in the editor: the batch still renders that cut-out.
  const cutoutWarning = rule.removeBackground ? (cutout.data?.warning ?? null) : null;
  const effects = effectsWords(item.override?.effects);
  // With background removal the editor shows the cut-out, which the model makes first (a few seconds).
  const open = useMutation({ mutationFn: () => openBatchItemInEditor(queryClient, item.key) });
  return (
    <li className="batch-item" data-testid="batch-item" data-adjusted={item.override ? true : undefined} data-editing={editing || undefined} data-uploading={item.url.startsWith('blob:') || undefined}>
      {shownCutout ? (
        <BatchThumb document={layout} image={shownCutout.url} box={box} effects={thumbEffects} />
      ) : (
        <BatchThumb document={layout} image={item.url} box={box} effects={thumbEffects} onSize={(size) => setBatchItemSize(item.key, size)} />
      )}
      <div className="batch-item__name" title={item.name}>
        {item.name}
      </div>
      {open.isError && (
        <p className="field-problem" role="alert" data-testid="batch-item-open-error">
          Could not open it: {open.error.message}
        </p>
      )}
      {(item.override || editing || item.problem || removing || removalProblem || cutoutWarning) && (
        <div className="batch-item__badges">
          {removing && (
            <span className="badge badge--neutral" data-testid="batch-item-removing">
              removing background…
            </span>
          )}
          {removalProblem && (
            <span className="field-problem" role="alert" data-testid="batch-item-removal-problem">
              {removalProblem}
            </span>
          )}
          {cutoutWarning && (
            <span className="batch-item__warning" data-testid="batch-item-cutout-warning">
              {cutoutWarning}
            </span>
          )}
          {editing && <span className="badge badge--neutral">in the editor</span>}
          {!editing && item.override && (
            <span className="badge badge--accent" data-testid="batch-item-adjusted" title={effects ? `own place and ${effects}` : 'own place'}>
              adjusted{effects ? ` · ${effects}` : ''}
            </span>
          )}
          {item.problem && (
            <span className="field-problem" role="alert" data-testid="batch-item-problem">
              {item.problem}
            </span>
          )}
        </div>
      )}
      <div className="batch-item__actions">
        <button
          type="button"
          data-testid="batch-item-open"
          disabled={!box || editing || editingAnother || Boolean(item.problem) || open.isPending}
          title={editingAnother ? 'Another item is open in the editor: finish it first' : undefined}
          onClick={() => open.mutate()}
        >
          {open.isPending ? (rule.removeBackground ? 'Removing background…' : 'Opening…') : 'Open in editor'}
        </button>
        {item.override && !editing && (
          <button type="button" data-testid="batch-item-reset" onClick={() => setBatchItemOverride(item.key, null)}>
            Reset to rule
          </button>
        )}
        <button type="button" data-testid="batch-item-remove" aria-label={`Remove ${item.name}`} disabled={editing} onClick={() => removeBatchItem(item.key)}>
          Remove
        </button>
      </div>
    </li>
  );
}
