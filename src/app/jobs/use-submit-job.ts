import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { exportCanvasPreview } from '../canvas/export-preview.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { submitComposition, type SubmitStep } from './submit-composition.ts';
import { rememberPreview } from './submitted-previews.ts';

/** Submit: upload local files, create the job, follow it; `step` says what is happening now. */
export function useSubmitJob() {
  const queryClient = useQueryClient();
  const [step, setStep] = useState<SubmitStep | null>(null);
  const mutation = useMutation({
    mutationFn: async () => {
      const { document } = useEditorStore.getState();
      const preview = exportCanvasPreview(document.canvas);
      const job = await submitComposition(document, {
        onStep: setStep,
        onUploaded: (kind, source) => {
          // Not an undo step: the layout is the same, only where the image lives changed.
          const history = useEditorStore.temporal.getState();
          history.pause();
          useEditorStore.getState().relocateLayerSource(kind, source);
          history.resume();
        },
      });
      if (preview) rememberPreview(job.id, preview);
      return job;
    },
    onSuccess: (job) => {
      queryClient.setQueryData(['jobs', job.id], job);
      void queryClient.invalidateQueries({ queryKey: ['jobs'], exact: true });
      useEditorStore.getState().setCurrentJobId(job.id);
    },
    onSettled: () => setStep(null),
  });
  return { ...mutation, step };
}
