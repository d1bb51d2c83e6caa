import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type DragEvent } from 'react';
import { parseProductList } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectBatchEditing, selectBatchItems, selectBatchRule, selectCurrentBatchId, selectDocument } from '../store/selectors.ts';
import { addBatchFiles } from './add-batch-files.ts';
import { batchLayout } from './batch-layout.ts';
import { effectsWords } from './effects-words.ts';
import { BatchItemCard } from './BatchItemCard.tsx';
import { BatchHistory, BatchProgress } from './BatchProgress.tsx';
import { droppedImageFiles, imageFiles } from './dropped-files.ts';
import { closeBatchItemEditor } from './item-in-editor.ts';
import { submitBatch } from './submit-batch.ts';

/**
 * Batch: the current layout over many products. Products come from files (uploaded as they are added), a
 * dropped folder, or a pasted list of URLs (or CSV `url,name`); each is previewed in the layout's foreground box
 * (the slot) by the rule; one can be opened in the editor and adjusted there (its override); Submit creates the
 * batch, which is then followed here. The products not yet submitted are kept across reloads.
 */
export function BatchPanel() {
  const queryClient = useQueryClient();
  const document = useEditorStore(selectDocument);
  const items = useEditorStore(selectBatchItems);
  const rule = useEditorStore(selectBatchRule);
  const editing = useEditorStore(selectBatchEditing);
  const currentBatchId = useEditorStore(selectCurrentBatchId);
  const layout = useMemo(() => batchLayout(document, editing), [document, editing]);
  const layoutEffects = effectsWords(layout.foreground?.effects);
  const editedItem = editing ? items.find((item) => item.key === editing.key) : undefined;
  const addFiles = (files: File[]) => addBatchFiles(queryClient, files);
  const [listText, setListText] = useState('');
  const [listProblems, setListProblems] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const submit = useMutation({
    mutationFn: () => submitBatch(queryClient, useEditorStore.getState().document, rule, items, setUploaded),
    onSuccess: (batch) => {
      queryClient.setQueryData(['batches', batch.id], batch);
      void queryClient.invalidateQueries({ queryKey: ['batches'], exact: true });
      useEditorStore.getState().setCurrentBatchId(batch.id);
      useEditorStore.getState().clearBatchItems();
    },
    onSettled: () => setUploaded(null),
  });
  const { setBatchRule } = useEditorStore.getState();
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(await droppedImageFiles(event.dataTransfer));
  };
  const addList = () => {
    const reading = parseProductList(listText);
    useEditorStore.getState().addBatchItems(reading.products.map((product) => ({ name: product.name, url: product.image })));
    setListProblems(reading.problems.map((problem) => problem.message));
    // The lines added leave the box; the ones that were not products stay, to be fixed.
    const kept = new Set(reading.problems.map((problem) => problem.line));
    setListText(listText.split(/\r?\n/).filter((_, index) => kept.has(index + 1)).join('\n'));
  };
  const noSlot = !layout.foreground;

  return (
    <section className="panel batch-panel" aria-labelledby="batch-title">
      <h2 id="batch-title" className="panel__title">
        Batch
      </h2>
      {editing && (
        <div className="batch-editing-notice" role="status" data-testid="batch-editing-notice">
          <span>
            <strong>{editedItem?.name ?? 'An item'}</strong> is open in the editor: adjust it on the canvas, then come back.
          </span>
          <span className="batch-item__actions">
            <button type="button" className="button--primary" onClick={() => closeBatchItemEditor('done')}>
              Done: back to batch
            </button>
            <button type="button" onClick={() => closeBatchItemEditor('cancel')}>
              Cancel
            </button>
          </span>
        </div>
      )}
      <p className="hint">The layout's foreground box is the slot every product is placed in.</p>
      <div
        className="batch-drop"
        data-testid="batch-drop"
        data-dragging={dragging || undefined}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => void onDrop(event)}
      >
        <label className="button-link">
          Add files…
          <input type="file" accept="image/png,image/jpeg,image/webp,image/avif" multiple hidden data-testid="batch-files" onChange={(event) => (addFiles(imageFiles(event.currentTarget.files ?? [])), (event.currentTarget.value = ''))} />
        </label>
        <label className="button-link">
          Add a folder…
          <input
            type="file"
            multiple
            hidden
            data-testid="batch-folder"
            ref={(input) => input?.setAttribute('webkitdirectory', '')}
            onChange={(event) => (addFiles(imageFiles(event.currentTarget.files ?? [])), (event.currentTarget.value = ''))}
          />
        </label>
        <span className="hint">or drop files or a folder here</span>
      </div>
      <label className="batch-list">
        URLs, one per line (or CSV: url,name)
        <textarea rows={3} value={listText} data-testid="batch-urls" onChange={(event) => setListText(event.currentTarget.value)} placeholder="https://cdn.example.com/mug.png, Red mug" />
      </label>
      <button type="button" data-testid="batch-add-urls" disabled={!listText.trim()} onClick={addList}>
        Add URLs
      </button>
      {listProblems.length > 0 && (
        <ul className="error-list" data-testid="batch-url-problems">
          {listProblems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <fieldset className="batch-rule">
        <legend>Rule</legend>
        <label>
          Anchor{' '}
          <select data-testid="batch-anchor" value={rule.anchor} onChange={(event) => setBatchRule({ anchor: event.currentTarget.value as 'bottom' | 'center' })}>
            <option value="bottom">bottom centre (same floor)</option>
            <option value="center">centre</option>
          </select>
        </label>
        <label>
          Size{' '}
          <select data-testid="batch-sizing" value={rule.sizing} onChange={(event) => setBatchRule({ sizing: event.currentTarget.value as 'fit' | 'same-scale' })}>
            <option value="fit">fit each into the slot</option>
            <option value="same-scale">one scale for all (the layout's)</option>
          </select>
        </label>
        <label>
          <input type="checkbox" data-testid="batch-remove-background" checked={rule.removeBackground} onChange={(event) => setBatchRule({ removeBackground: event.currentTarget.checked })} /> Remove backgrounds
        </label>
        <p className="hint" data-testid="batch-layout-effects">
          {layoutEffects
            ? `Every product placed by the rule gets the layout product's ${layoutEffects}, the same size on the canvas.`
            : 'Shadows and reflections: give the layout\'s product one, and every product placed by the rule gets it.'}
        </p>
      </fieldset>
      {items.length > 0 && (
        <>
          <p className="status" data-testid="batch-count">
            {items.length} product{items.length === 1 ? '' : 's'}{' '}
            <button type="button" disabled={Boolean(editing)} onClick={() => useEditorStore.getState().clearBatchItems()}>
              Clear
            </button>
          </p>
          <ul className="batch-grid" data-testid="batch-grid">
            {items.map((item) => (
              <BatchItemCard
                key={item.key}
                item={item}
                layout={layout}
                rule={rule}
                editing={editing?.key === item.key}
                editingAnother={Boolean(editing) && editing?.key !== item.key}
                liveBox={editing?.key === item.key ? document.foreground : null}
              />
            ))}
          </ul>
        </>
      )}
      <button type="button" className="button--primary" data-testid="batch-submit" disabled={!items.length || noSlot || Boolean(editing) || submit.isPending} onClick={() => submit.mutate()}>
        {submit.isPending ? (uploaded !== null ? `Uploading ${uploaded}/${items.length}…` : 'Submitting…') : `Render ${items.length || ''} ${items.length === 1 ? 'product' : 'products'}`}
      </button>
      {noSlot && <p className="hint">Place a foreground first: its box is where the products go.</p>}
      {editing && <p className="hint">Finish adjusting {editedItem?.name ?? 'the item'} (Done or Cancel) to render the batch.</p>}
      {submit.isError && (
        <p className="field-problem" role="alert" data-testid="batch-submit-error">
          Could not submit the batch: {submit.error.message}
        </p>
      )}
      {currentBatchId && <BatchProgress id={currentBatchId} />}
      <BatchHistory />
    </section>
  );
}
