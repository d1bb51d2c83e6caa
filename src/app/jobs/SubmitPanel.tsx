import { useQuery } from '@tanstack/react-query';
import { useDerivedRequest } from '../request/use-derived-request.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectCurrentJobId } from '../store/selectors.ts';
import { CompositionWarnings } from '../warnings/CompositionWarnings.tsx';
import { JobStatusCard } from './JobStatusCard.tsx';
import { healthQuery } from './job-queries.ts';
import { useSubmitJob } from './use-submit-job.ts';
import type { SubmitStep } from './submit-composition.ts';

const LAYER_NAMES = { foreground: 'foreground', template: 'background image' } as const;

function describeStep(step: SubmitStep): string {
  return step.kind === 'uploading' ? `Uploading the ${LAYER_NAMES[step.layer]} (${step.fileName})…` : 'Creating the job…';
}

/** Submit the layout to the server's renderer, and follow the current job. */
export function SubmitPanel() {
  const { valid, errors } = useDerivedRequest();
  const submit = useSubmitJob();
  const currentJobId = useEditorStore(selectCurrentJobId);
  const health = useQuery(healthQuery());

  return (
    <section className="panel" aria-labelledby="render-title">
      <h2 id="render-title" className="panel__title">
        Render
        {health.data && <span className="badge badge--neutral" data-testid="provider-badge">{health.data.provider === 'akool' ? 'Akool' : 'local renderer'}</span>}
      </h2>
      <button
        type="button"
        className="button--primary"
        data-testid="submit"
        disabled={!valid || submit.isPending}
        onClick={() => submit.mutate()}
      >
        {submit.isPending ? 'Submitting…' : 'Submit'}
      </button>
      {!valid && (
        <ul className="error-list" data-testid="submit-blocked">
          {Object.entries(errors).map(([field, message]) => (
            <li key={field}>{message}</li>
          ))}
        </ul>
      )}
      <CompositionWarnings />
      {submit.step && (
        <p className="status" data-testid="submit-step" role="status">
          {describeStep(submit.step)}
        </p>
      )}
      {submit.isError && (
        <p className="field-problem" role="alert" data-testid="submit-error">
          Could not submit: {submit.error.message}
        </p>
      )}
      {currentJobId && <JobStatusCard jobId={currentJobId} />}
    </section>
  );
}
