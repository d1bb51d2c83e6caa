import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../api/api-client.ts';
import type { HealthView, JobView } from '../api/api-types.ts';

/**
 * How long the server may hold a request for an unfinished job that does not change (a long poll: it answers
 * the moment the job changes, so a finished render shows at once).
 */
export const JOB_WAIT_SECONDS = 25;
/** How soon the next request follows an answer while the job is unfinished; the list refreshes at twice this. */
export const JOB_POLL_MS = 100;

export const isFinished = (job: JobView | undefined) => job?.status === 'completed' || job?.status === 'failed';

/** The request that returns the job: a long poll for its next change when the client already knows it unfinished. */
export function jobPath(id: string, known: JobView | undefined): string {
  const path = `/api/jobs/${encodeURIComponent(id)}`;
  if (!known || isFinished(known)) return path;
  const query = new URLSearchParams({ since: known.updatedAt, status: known.status, wait: String(JOB_WAIT_SECONDS) });
  return `${path}/changes?${query}`;
}

/** One job, followed while it is not finished and left alone once it is. */
export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: ['jobs', id],
    queryFn: ({ client, queryKey, signal }) => apiFetch<JobView>(jobPath(id, client.getQueryData<JobView>(queryKey)), { signal }),
    refetchInterval: (query) => (isFinished(query.state.data) ? false : JOB_POLL_MS),
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 3,
  });

/** All jobs, newest first; refreshed while any of them is unfinished. */
export const jobListQuery = () =>
  queryOptions({
    queryKey: ['jobs'],
    queryFn: async () => (await apiFetch<{ jobs: JobView[] }>('/api/jobs')).jobs,
    refetchInterval: (query) => (query.state.data?.some((job) => !isFinished(job)) ? 8 * JOB_POLL_MS : false),
  });

export const healthQuery = () =>
  queryOptions({
    queryKey: ['health'],
    queryFn: () => apiFetch<HealthView>('/api/health'),
    staleTime: 60_000,
  });
