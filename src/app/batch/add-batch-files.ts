import type { QueryClient } from '@tanstack/react-query';
import { limitConcurrency } from '../../core/index.ts';
import { registerLocalFile } from '../images/local-files.ts';
import { uploadQuery } from '../jobs/upload-query.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { fileSubject } from './file-subject.ts';

/** Uploads at once: enough to keep the connection busy, few enough to leave the server's CPU to renders. */
export const PARALLEL_UPLOADS = 3;

/** The uploads of every added file, PARALLEL_UPLOADS at a time (submitBatch joins the same uploads). */
const inTurn = limitConcurrency(PARALLEL_UPLOADS);

/**
 * Adds files to the batch and uploads them at once, PARALLEL_UPLOADS at a time: each item then names the server's
 * copy, so the draft kept across reloads can show and send it (an object URL dies with the page), and knows its
 * subject, which the rule fits. An upload that fails marks its item with the server's reason.
 */
export function addBatchFiles(queryClient: QueryClient, files: readonly File[]): void {
  const entries = files.map((file) => ({ name: file.name, url: registerLocalFile(file) }));
  const keys = useEditorStore.getState().addBatchItems(entries);
  entries.forEach(({ url }, index) => {
    const file = files[index]!;
    const key = keys[index]!;
    void inTurn(async () => {
      // Removed before its turn: nothing to upload.
      if (!useEditorStore.getState().batchItems.some((item) => item.key === key)) return;
      try {
        const [uploaded, subject] = await Promise.all([queryClient.fetchQuery(uploadQuery(url)), fileSubject(file)]);
        useEditorStore.getState().setBatchItemUploaded(key, uploaded.url, { width: uploaded.width, height: uploaded.height }, subject);
      } catch (error) {
        useEditorStore.getState().setBatchItemProblem(key, `could not be uploaded: ${(error as Error).message}`);
      }
    });
  });
}
