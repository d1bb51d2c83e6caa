import type { QueryClient } from '@tanstack/react-query';
import type { CompositionDocument, ImageSource, Layer } from '../../core/index.ts';
import { cutoutInFrame } from '../cutout/foreground-api.ts';
import { encodeDraft } from '../draft/draft-codec.ts';
import { saveDraft } from '../draft/draft-database.ts';
import { isLocalFileUrl } from '../images/local-files.ts';
import { uploadQuery } from '../jobs/upload-query.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { itemEffects, layoutEffectsFor, overrideOf, placeItem } from './batch-layout.ts';

/**
 * Puts `document` in the editor as a fresh start: undo does not walk back across the switch (it would bring the
 * other composition's foreground back), and the draft is saved at once, so a reload finds the same composition
 * the kept batch draft expects.
 */
function showInEditor(document: CompositionDocument): void {
  useEditorStore.getState().replaceDocument(document);
  useEditorStore.temporal.getState().clear();
  saveDraft(encodeDraft(document)).catch((error: Error) => console.warn(`draft not saved: ${error.message}`));
}

/**
 * Opens a batch item in the editor as the foreground of the layout, where its override or the rule puts it,
 * with its effects (with background removal, as its cut-out); the layout's own foreground (the slot) waits in
 * the batch slice until the item is done.
 */
export async function openBatchItemInEditor(queryClient: QueryClient, key: string): Promise<void> {
  const before = useEditorStore.getState();
  const item = before.batchItems.find((candidate) => candidate.key === key);
  if (before.batchEditing || !item?.size || !before.document.foreground) return;
  let source: ImageSource = { url: item.url, width: item.size.width, height: item.size.height, ...(item.subject ? { subject: item.subject } : {}) };
  if (before.batchRule.removeBackground) {
    // Shown as it renders: the cut-out, in the photo's frame (the server does not trim an adjusted item), its
    // subject the one the rule fits (the server fits the trimmed cut-out: the same box).
    const url = isLocalFileUrl(item.url) ? (await queryClient.fetchQuery(uploadQuery(item.url))).url : item.url;
    const cutout = await cutoutInFrame(url);
    source = { url: cutout.url, width: cutout.width, height: cutout.height, subject: cutout.subject };
  }
  // The slot is kept as a server URL: an object URL would not outlive a reload, and the kept draft names it.
  const slotUrl = before.document.foreground.source.url;
  const slotServerUrl = isLocalFileUrl(slotUrl) ? (await queryClient.fetchQuery(uploadQuery(slotUrl))).url : slotUrl;

  // The layout as it is now (the waits above may have seen it change).
  const state = useEditorStore.getState();
  const layout = state.document;
  if (state.batchEditing || !layout.foreground) return;
  const layoutForeground = layout.foreground.source.url === slotUrl ? { ...layout.foreground, source: { ...layout.foreground.source, url: slotServerUrl } } : layout.foreground;
  const box = item.override?.box ?? placeItem(layout, state.batchRule, item.size, source.subject)!;
  // Its own effects, or the layout's that the rule gives it (so Done without a change keeps it on the rule).
  const effects = itemEffects(layout, item.override, box, source);
  const layer: Layer = { source, ...box, ...(effects ? { effects } : {}) };
  showInEditor({ ...layout, foreground: layer });
  state.setBatchEditing({ key, layoutForeground });
  state.select('foreground');
  // A narrow screen shows the canvas, where the item is adjusted.
  state.closePanel();
}

/**
 * Back to the batch: `done` keeps the foreground's box and effects as the item's override (none when it is left
 * where the rule puts it), `reset` drops the override, `cancel` leaves it as it was. Changes to the canvas,
 * colour or background made meanwhile stay: they are the layout's, shared by every item.
 */
export function closeBatchItemEditor(outcome: 'done' | 'reset' | 'cancel'): void {
  const state = useEditorStore.getState();
  const editing = state.batchEditing;
  if (!editing) return;
  const document = state.document;
  const layout = { ...document, foreground: editing.layoutForeground };
  const item = state.batchItems.find((candidate) => candidate.key === editing.key);
  if (item && outcome === 'reset') state.setBatchItemOverride(item.key, null);
  if (item && outcome === 'done' && document.foreground) {
    // The subject it was opened with (a cut-out's, with background removal).
    const ruled = item.size ? placeItem(layout, state.batchRule, item.size, document.foreground.source.subject ?? item.subject) : null;
    state.setBatchItemOverride(item.key, overrideOf(document.foreground, ruled, ruled && layoutEffectsFor(layout, ruled, document.foreground.source)));
  }
  showInEditor(layout);
  state.setBatchEditing(null);
  if (state.openPanel !== 'batch') state.togglePanel('batch');
}
