import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeTimeLeft } from '../../core/index.ts';
import { apiFetch } from '../api/api-client.ts';
import type { BatchView } from '../api/api-types.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { batchListQuery, batchQuery } from './batch-queries.ts';

const STATUS_BADGE = (status: BatchView['items'][number]['status']) =>
  status === 'completed' ? 'badge--ok' : status === 'failed' ? 'badge--bad' : 'badge--neutral';

const STATUS_WORDS: Record<BatchView['items'][number]['status'], string> = {
  waiting: 'Waiting',
  queued: 'Queued',
  processing: 'Rendering',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The followed batch: done / failed / left, time left, each item (retry a failed one, download a done one), Cancel, Download all. */
export function BatchProgress({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const batch = useQuery(batchQuery(id));
  const act = useMutation({
    mutationFn: (action: { kind: 'cancel' | 'resume' } | { kind: 'retry'; index: number }) =>
      apiFetch<BatchView>(action.kind === 'retry' ? `/api/batches/${id}/items/${action.index}/retry` : `/api/batches/${id}/${action.kind}`, { method: 'POST' }),
    onSuccess: (view) => {
      queryClient.setQueryData(['batches', id], view);
      void queryClient.invalidateQueries({ queryKey: ['batches'], exact: true });
    },
  });
  if (batch.isError) {
    return (
      <p className="field-problem" role="alert" data-testid="batch-error">
        The batch could not be read: {batch.error.message}
      </p>
    );
  }
  const view = batch.data;
  if (!view) return <p className="status">Loading the batch…</p>;
  const running = view.status === 'running' || view.status === 'cancelling' || view.status === 'paused';
  return (
    <div className="batch-progress" data-testid="batch-progress" data-status={view.status}>
      <p className="status" role="status" data-testid="batch-counts">
        {view.completed} done · {view.failed} failed · {view.left} left
        {view.status === 'running' && <> · {describeTimeLeft(view.secondsLeft)}</>}
        {view.status === 'cancelled' && ' · cancelled'}
      </p>
      <progress max={view.total} value={view.completed + view.failed + view.cancelled} aria-label="Batch progress" />
      {view.paused && (
        <p className="field-problem" role="alert" data-testid="batch-paused">
          Paused: {view.paused}
        </p>
      )}
      <div className="batch-progress__actions">
        {view.status === 'paused' && (
          <button type="button" data-testid="batch-resume" disabled={act.isPending} onClick={() => act.mutate({ kind: 'resume' })}>
            Resume
          </button>
        )}
        {running && (
          <button type="button" data-testid="batch-cancel" disabled={view.status === 'cancelling' || act.isPending} onClick={() => act.mutate({ kind: 'cancel' })}>
            Cancel
          </button>
        )}
        <a className="button-link" data-testid="batch-download-all" href={view.zip} download aria-disabled={view.completed === 0 || undefined}>
          Download all ({view.completed})
        </a>
      </div>
      {act.isError && (
        <p className="field-problem" role="alert">
          {act.error.message}
        </p>
      )}
      <ol className="batch-progress__items">
        {view.items.map((item) => (
          <li key={item.index} data-testid="batch-progress-item" data-status={item.status}>
            <span className="batch-progress__name">{item.name}</span> <span className={`badge ${STATUS_BADGE(item.status)}`}>{STATUS_WORDS[item.status]}</span>
            {item.box && (
              <span className="badge badge--neutral" data-testid="batch-progress-adjusted" title="Placed as adjusted in the editor, not by the rule">
                adjusted
              </span>
            )}
            {item.result && (
              <a href={item.result} download={item.fileName} data-testid="batch-item-download">
                Download
              </a>
            )}
            {item.status === 'failed' && (
              <>
                <button type="button" data-testid="batch-item-retry" disabled={act.isPending} onClick={() => act.mutate({ kind: 'retry', index: item.index })}>
                  Retry
                </button>
                <span className="field-problem" data-testid="batch-item-error">
                  {item.error}
                </span>
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Past batches (kept by the server): open one to follow it again. */
export function BatchHistory() {
  const batches = useQuery(batchListQuery());
  const currentBatchId = useEditorStore((state) => state.currentBatchId);
  if (!batches.data?.length) return null;
  return (
    <details className="batch-history" data-testid="batch-history">
      <summary>Past batches ({batches.data.length})</summary>
      <ul>
        {batches.data.map((batch) => (
          <li key={batch.id}>
            <button type="button" aria-current={batch.id === currentBatchId || undefined} onClick={() => useEditorStore.getState().setCurrentBatchId(batch.id)}>
              {new Date(batch.createdAt).toLocaleString()} · {batch.completed}/{batch.total} done{batch.failed ? ` · ${batch.failed} failed` : ''}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
