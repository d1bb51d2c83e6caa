import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../api/api-client.ts';
import type { BatchSummary, BatchView } from '../api/api-types.ts';
import { JOB_POLL_MS, JOB_WAIT_SECONDS } from '../jobs/job-queries.ts';

const isSettled = (batch: BatchView | BatchSummary | undefined) => batch !== undefined && batch.left === 0;

/** The request for a batch: a long poll for its next change when the client already knows it unsettled. */
export function batchPath(id: string, known: BatchView | undefined): string {
  const path = `/api/batches/${encodeURIComponent(id)}`;
  if (!known || isSettled(known)) return path;
  return `${path}?${new URLSearchParams({ since: known.updatedAt, wait: String(JOB_WAIT_SECONDS) })}`;
}

/** One batch, followed by long poll while items are left. */
export const batchQuery = (id: string) =>
  queryOptions({
    queryKey: ['batches', id],
    queryFn: ({ client, queryKey, signal }) => apiFetch<BatchView>(batchPath(id, client.getQueryData<BatchView>(queryKey)), { signal }),
    refetchInterval: (query) => (isSettled(query.state.data) ? false : JOB_POLL_MS),
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 3,
  });

/** Past batches, newest first; refreshed while one of them runs. */
export const batchListQuery = () =>
  queryOptions({
    queryKey: ['batches'],
    queryFn: async () => (await apiFetch<{ batches: BatchSummary[] }>('/api/batches')).batches,
    refetchInterval: (query) => (query.state.data?.some((batch) => !isSettled(batch)) ? 20 * JOB_POLL_MS : false),
  });
