import type { CompositionDocument, Rect } from '../../core/index.ts';
import { NumberField } from '../panels/NumberField.tsx';
import type { BatchDraftItem, BatchRule } from '../store/batch-slice.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { placeItem } from './batch-layout.ts';
import { BatchThumb } from './BatchThumb.tsx';

/** One product of the batch being prepared: its preview, Adjust (its own box, overriding the rule), Remove. */
export function BatchItemCard({ item, document, rule, adjusting }: { item: BatchDraftItem; document: CompositionDocument; rule: BatchRule; adjusting: boolean }) {
  const { setBatchItemSize, setBatchItemBox, removeBatchItem, setAdjustingBatchItem } = useEditorStore.getState();
  const ruled = item.size ? placeItem(document, rule, item.size) : null;
  const box = item.box ?? ruled;
  const setField = (field: keyof Rect, value: number) => box && setBatchItemBox(item.key, { ...box, [field]: value });
  return (
    <li className="batch-item" data-testid="batch-item" data-adjusted={item.box ? true : undefined}>
      <BatchThumb document={document} image={item.url} box={box} onSize={(size) => setBatchItemSize(item.key, size)} />
      <div className="batch-item__name" title={item.name}>
        {item.name}
        {item.box && <span className="badge badge--neutral">adjusted</span>}
      </div>
      <div className="batch-item__actions">
        <button type="button" data-testid="batch-item-adjust" aria-expanded={adjusting} disabled={!box} onClick={() => setAdjustingBatchItem(adjusting ? null : item.key)}>
          Adjust
        </button>
        <button type="button" data-testid="batch-item-remove" aria-label={`Remove ${item.name}`} onClick={() => removeBatchItem(item.key)}>
          Remove
        </button>
      </div>
      {adjusting && box && (
        <fieldset className="batch-item__adjust" data-testid="batch-item-box">
          <legend>{item.name}: its own place</legend>
          {(['x', 'y', 'width', 'height'] as const).map((field) => (
            <NumberField key={field} label={field === 'x' ? 'X' : field === 'y' ? 'Y' : field === 'width' ? 'W' : 'H'} testId={`batch-box-${field}`} value={box[field]} min={field === 'width' || field === 'height' ? 1 : undefined} onCommit={(value) => setField(field, value)} />
          ))}
          <button type="button" data-testid="batch-item-reset" disabled={!item.box} onClick={() => setBatchItemBox(item.key, null)}>
            Back to the rule
          </button>
        </fieldset>
      )}
    </li>
  );
}
