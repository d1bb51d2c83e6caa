import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JobView } from '../api/api-types.ts';
import { jobMarketplace } from '../compliance/job-marketplaces.ts';
import { layoutFromBody } from '../request/import-request.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { jobListQuery } from './job-queries.ts';
import { deleteJob, restoreJob } from './job-trash.ts';
import { STATUS_WORDS } from './job-status-words.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

function HistoryItem({ job }: { job: JobView }) {
  const queryClient = useQueryClient();
  const viewJob = useEditorStore((state) => state.viewJob);
  const openInEditor = useMutation({
    mutationFn: () => layoutFromBody(queryClient, job.request),
    onSuccess: (result) => {
      if (!result.ok) throw new Error(Object.values(result.errors).join('; '));
      // The body does not say which marketplace the layout was for; the browser remembered it at Submit.
      const marketplace = jobMarketplace(job.id);
      useEditorStore.getState().replaceDocument(marketplace ? { ...result.document, marketplace } : result.document);
      useEditorStore.getState().select(null);
      viewJob(null);
    },
  });
  // No confirmation: the job goes at once, and the toast's Undo brings it back (the server keeps it a while).
  const remove = useMutation({
    mutationFn: async () => {
      const followed = useEditorStore.getState().currentJobId === job.id;
      await deleteJob(queryClient, job.id);
      return followed;
    },
    onSuccess: (followed) => {
      useEditorStore.getState().showToast({
        message: 'Job deleted',
        action: { label: 'Undo', run: () => restoreJob(queryClient, job.id, { follow: followed }) },
        takeFocus: true,
        returnFocusTo: 'history-title',
      });
    },
  });
  const completed = job.status === 'completed';
  const failedToOpen = openInEditor.isError || (openInEditor.data && !openInEditor.data.ok);

  return (
    <li className="history-item" data-testid="history-item" data-job-id={job.id} data-status={job.status}>
      <button
        type="button"
        className="history-item__thumb"
        disabled={!completed}
        onClick={() => viewJob(job.id)}
        aria-label={completed ? `View the result of job ${job.id}` : `Job ${job.id} has no result`}
      >
        {completed ? <img src={`/api/jobs/${job.id}/thumbnail`} alt="" data-testid="history-thumbnail" loading="lazy" width={56} height={56} /> : <span>{STATUS_WORDS[job.status]}</span>}
      </button>
      <div className="history-item__body">
        <span className={`status-dot status-dot--${job.status}`}>{STATUS_WORDS[job.status]}</span>
        <span className="history-item__time">{timeFormat.format(new Date(job.createdAt))}</span>
        <span className="history-item__meta">
          {job.request.canvas_size} · {job.provider}
        </span>
        <div className="history-item__actions">
          <button type="button" data-testid="history-open-editor" disabled={openInEditor.isPending} onClick={() => openInEditor.mutate()}>
            Open in editor
          </button>
          <button type="button" data-testid="history-delete" disabled={remove.isPending} onClick={() => remove.mutate()} aria-label={`Delete job ${job.id}`}>
            Delete
          </button>
        </div>
        {failedToOpen && <span className="field-problem">Could not open: {openInEditor.error?.message ?? 'images not available'}</span>}
        {remove.isError && <span className="field-problem">Could not delete: {remove.error.message}</span>}
      </div>
    </li>
  );
}

/** Past jobs, newest first. */
export function HistoryPanel() {
  const jobs = useQuery(jobListQuery());
  return (
    <section className="panel" aria-labelledby="history-title">
      {/* Focusable from script: where the focus goes when a deleted job's toast closes. */}
      <h2 id="history-title" className="panel__title" tabIndex={-1}>
        History
      </h2>
      {jobs.isError && <p className="field-problem">History not available: {jobs.error.message}</p>}
      {jobs.data?.length === 0 && <p className="panel__note">Jobs you submit appear here.</p>}
      <ul className="history" data-testid="history">
        {jobs.data?.map((job) => <HistoryItem key={job.id} job={job} />)}
      </ul>
    </section>
  );
}
