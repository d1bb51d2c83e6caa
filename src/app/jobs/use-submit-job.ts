import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { drawCanvasPreview } from '../canvas/export-preview.ts';
import { rememberJobMarketplace } from '../compliance/job-marketplaces.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { adoptUpload } from './adopt-upload.ts';
import { submitComposition, type SubmitStep } from './submit-composition.ts';
import { rememberPreview } from './submitted-previews.ts';

/** Submit: upload local files, create the job, follow it; `step` says what is happening now. */
export function useSubmitJob() {
  const queryClient = useQueryClient();
  const [step, setStep] = useState<SubmitStep | null>(null);
  const mutation = useMutation({
    mutationFn: async () => {
      const { document } = useEditorStore.getState();
      let preview: HTMLCanvasElement | null = null;
      const job = await submitComposition(queryClient, document, {
        onStep: setStep,
        onUploaded: (kind, uploaded, localUrl) => adoptUpload(queryClient, kind, localUrl, uploaded),
        // Drawn as the request leaves (the layout as sent), encoded off the main thread while the job runs.
        onSent: () => (preview = drawCanvasPreview(document.canvas)),
      });
      if (document.marketplace) rememberJobMarketplace(job.id, document.marketplace);
      (preview as HTMLCanvasElement | null)?.toBlob((blob) => blob && rememberPreview(job.id, URL.createObjectURL(blob)), 'image/png');
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
