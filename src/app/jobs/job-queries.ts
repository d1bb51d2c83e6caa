import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../api/api-client.ts';
import type { HealthView, JobView } from '../api/api-types.ts';

/** How often an unfinished job is asked for its status. */
export const JOB_POLL_MS = 400;

export const isFinished = (job: JobView | undefined) => job?.status === 'completed' || job?.status === 'failed';

/** One job, followed while it is not finished and left alone once it is. */
export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: ['jobs', id],
    queryFn: () => apiFetch<JobView>(`/api/jobs/${encodeURIComponent(id)}`),
    refetchInterval: (query) => (isFinished(query.state.data) ? false : JOB_POLL_MS),
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 3,
  });

/** All jobs, newest first; refreshed while any of them is unfinished. */
export const jobListQuery = () =>
  queryOptions({
    queryKey: ['jobs'],
    queryFn: async () => (await apiFetch<{ jobs: JobView[] }>('/api/jobs')).jobs,
    refetchInterval: (query) => (query.state.data?.some((job) => !isFinished(job)) ? 2 * JOB_POLL_MS : false),
  });

export const healthQuery = () =>
  queryOptions({
    queryKey: ['health'],
    queryFn: () => apiFetch<HealthView>('/api/health'),
    staleTime: 60_000,
  });
