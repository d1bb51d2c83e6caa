import { useEditorStore } from '../store/editor-store.ts';
import { selectBatchEditing, selectBatchItems } from '../store/selectors.ts';
import { closeBatchItemEditor } from './item-in-editor.ts';

/**
 * Above the canvas while a batch item is open in the editor: which item, and the way back to the batch (Done
 * keeps the adjustments as the item's own, Reset to rule drops them, Cancel leaves it as it was).
 */
export function BatchEditingBar() {
  const editing = useEditorStore(selectBatchEditing);
  const items = useEditorStore(selectBatchItems);
  if (!editing) return null;
  const item = items.find((candidate) => candidate.key === editing.key);
  return (
    <div className="batch-editing-bar" role="region" aria-label="Batch item in the editor" data-testid="batch-editing-bar">
      <p className="batch-editing-bar__text">
        Adjusting <strong>{item?.name ?? 'a batch item'}</strong> for the batch: move, resize, add a shadow; it is kept for this product only.
      </p>
      <div className="batch-editing-bar__actions">
        <button type="button" className="button--primary" data-testid="batch-editing-done" onClick={() => closeBatchItemEditor('done')}>
          Done: back to batch
        </button>
        {item?.override && (
          <button type="button" data-testid="batch-editing-reset" onClick={() => closeBatchItemEditor('reset')}>
            Reset to rule
          </button>
        )}
        <button type="button" data-testid="batch-editing-cancel" onClick={() => closeBatchItemEditor('cancel')}>
          Cancel
        </button>
      </div>
    </div>
  );
}
