import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useDerivedRequest } from '../request/use-derived-request.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectCurrentJobId } from '../store/selectors.ts';
import { LayoutComplianceChecks } from '../compliance/LayoutComplianceChecks.tsx';
import { CompositionWarnings } from '../warnings/CompositionWarnings.tsx';
import { JobStatusCard } from './JobStatusCard.tsx';
import { healthQuery } from './job-queries.ts';
import { useSubmitJob } from './use-submit-job.ts';
import type { SubmitStep } from './submit-composition.ts';

const LAYER_NAMES = { foreground: 'foreground', template: 'background image' } as const;

function describeStep(step: SubmitStep): string {
  if (step.kind === 'uploading') return `Uploading the ${LAYER_NAMES[step.layer]} (${step.fileName})…`;
  return step.kind === 'baking' ? 'Baking the shadows and reflection into the foreground…' : 'Creating the job…';
}

/** Submit the layout to the server's renderer, and follow the current job. */
export function SubmitPanel() {
  const { valid, errors } = useDerivedRequest();
  const submit = useSubmitJob();
  const currentJobId = useEditorStore(selectCurrentJobId);
  const health = useQuery(healthQuery());
  // Submit is disabled while it runs, which drops the focus to the page: it goes to the new job's card, or
  // back to Submit when the job could not be created. In an effect, once the card or the button is there.
  const card = useRef<HTMLDivElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const [focusAfterSubmit, setFocusAfterSubmit] = useState<{ target: 'card' | 'submit' } | null>(null);
  useEffect(() => {
    if (focusAfterSubmit) (focusAfterSubmit.target === 'card' ? card : submitButton).current?.focus();
  }, [focusAfterSubmit]);

  return (
    <section className="panel" aria-labelledby="render-title">
      <h2 id="render-title" className="panel__title">
        Render
        {health.data && <span className="badge badge--neutral" data-testid="provider-badge">{health.data.provider === 'akool' ? 'Akool' : 'local renderer'}</span>}
      </h2>
      <button
        ref={submitButton}
        type="button"
        className="button--primary"
        data-testid="submit"
        disabled={!valid || submit.isPending}
        onClick={() =>
          submit.mutate(undefined, {
            onSuccess: () => setFocusAfterSubmit({ target: 'card' }),
            onError: () => setFocusAfterSubmit({ target: 'submit' }),
          })
        }
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
      <LayoutComplianceChecks />
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
      {currentJobId && <JobStatusCard ref={card} jobId={currentJobId} />}
    </section>
  );
}
