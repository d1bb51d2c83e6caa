import type { QueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api/api-client.ts';
import type { JobView } from '../api/api-types.ts';
import { useEditorStore } from '../store/editor-store.ts';

/**
 * Deletes a job: the server moves it to its trash (files kept for TRASH_GRACE), and the app forgets it at once
 * (history, job card, viewer). `restoreJob` undoes it.
 */
export async function deleteJob(queryClient: QueryClient, jobId: string): Promise<void> {
  await apiFetch<void>(`/api/jobs/${encodeURIComponent(jobId)}`, { method: 'DELETE' });
  const state = useEditorStore.getState();
  if (state.currentJobId === jobId) state.setCurrentJobId(null);
  if (state.viewedJobId === jobId) state.viewJob(null);
  queryClient.removeQueries({ queryKey: ['jobs', jobId], exact: true });
  queryClient.setQueryData<JobView[]>(['jobs'], (jobs) => jobs?.filter((job) => job.id !== jobId));
  void queryClient.invalidateQueries({ queryKey: ['jobs'], exact: true });
}

/** Takes a deleted job out of the server's trash; it is shown again as it was (followed again if it was). */
export async function restoreJob(queryClient: QueryClient, jobId: string, options: { follow: boolean }): Promise<void> {
  const job = await apiFetch<JobView>(`/api/jobs/${encodeURIComponent(jobId)}/restore`, { method: 'POST' });
  queryClient.setQueryData(['jobs', job.id], job);
  await queryClient.invalidateQueries({ queryKey: ['jobs'], exact: true });
  const state = useEditorStore.getState();
  if (options.follow && !state.currentJobId) state.setCurrentJobId(job.id);
}
