import { useQuery } from '@tanstack/react-query';
import type { Ref } from 'react';
import { JobComplianceVerdict } from '../compliance/JobComplianceVerdict.tsx';
import { useEditorStore } from '../store/editor-store.ts';
import { DownloadLinks } from './DownloadLinks.tsx';
import { ElapsedTime } from './ElapsedTime.tsx';
import { failureAdvice } from './failure-advice.ts';
import { isFinished, jobQuery } from './job-queries.ts';
import { STATUS_WORDS } from './job-status-words.ts';

/**
 * The followed job: its status in words, elapsed time, progress, and what to do with the outcome. The card
 * can take the focus (Submit moves it here; `ref` is its box, the same element in every state) and is named by
 * the job's status; the status word is a live region, so a screen reader hears "Completed" when it comes.
 */
export function JobStatusCard({ jobId, ref }: { jobId: string; ref?: Ref<HTMLDivElement> }) {
  const job = useQuery(jobQuery(jobId));
  const viewJob = useEditorStore((state) => state.viewJob);
  const setCurrentJobId = useEditorStore((state) => state.setCurrentJobId);

  if (job.isError) {
    return (
      <div ref={ref} tabIndex={-1} role="region" aria-label="Job cannot be shown" className="job-card" data-testid="job-card">
        <p className="field-problem">
          Job {jobId} cannot be shown: {job.error.message}{' '}
          <button type="button" onClick={() => setCurrentJobId(null)}>
            Dismiss
          </button>
        </p>
      </div>
    );
  }
  if (!job.data) {
    return (
      <div ref={ref} tabIndex={-1} role="region" aria-label="Job loading" className="job-card" data-testid="job-card">
        <p className="status">Loading job…</p>
      </div>
    );
  }
  const { data } = job;
  const finished = isFinished(data);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="region"
      aria-label={`Job ${STATUS_WORDS[data.status].toLowerCase()}`}
      className={`job-card job-card--${data.status}`}
      data-testid="job-card"
    >
      <div className="job-card__row">
        <strong data-testid="job-status" role="status">
          {STATUS_WORDS[data.status]}
        </strong>
        <ElapsedTime since={data.createdAt} until={finished ? data.updatedAt : undefined} />
      </div>
      <div
        className={`progress progress--${data.status}`}
        role="progressbar"
        aria-label={`Job ${STATUS_WORDS[data.status].toLowerCase()}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={finished ? 100 : undefined}
      >
        <div className="progress__bar" />
      </div>
      <p className="job-card__meta">
        Job <code>{data.id}</code> · {data.provider} · {data.request.canvas_size}
      </p>
      {data.status === 'failed' && (
        <div className="job-card__failure" role="alert" data-testid="job-error">
          <p>{data.error?.message ?? 'The job failed.'}</p>
          <p className="job-card__advice">{failureAdvice(data)}</p>
        </div>
      )}
      {data.status === 'completed' && (
        <>
          {/* The result's screen preview (made with it): shown at once, where the full-size PNG takes a second to decode. */}
          <button type="button" className="job-card__result" aria-label="View the result full size" onClick={() => viewJob(data.id)}>
            <img src={`/api/jobs/${data.id}/preview`} alt="The rendered result" decoding="async" data-testid="job-result-image" />
          </button>
          <button type="button" className="button--primary" data-testid="view-result" onClick={() => viewJob(data.id)}>
            View result
          </button>
          <DownloadLinks job={data} />
          <JobComplianceVerdict jobId={data.id} />
        </>
      )}
    </div>
  );
}
