import { useQuery } from '@tanstack/react-query';
import type { LayerKind } from '../../core/index.ts';
import { uploadQuery } from '../jobs/upload-query.ts';
import { uploadStateOf } from '../jobs/upload-state.ts';

/** Where a local file's background upload stands, so a refused file shows before Submit, not after. */
export function UploadStatus({ kind, localUrl }: { kind: LayerKind; localUrl: string }) {
  // Reads the upload the placing started; never starts one itself (Submit does when none ran).
  const upload = useQuery({ ...uploadQuery(localUrl), enabled: false });
  const state = uploadStateOf(upload);
  const testId = `${kind}-upload-status`;
  switch (state.kind) {
    case 'uploading':
      return <span data-testid={testId} data-state="uploading">uploading…</span>;
    case 'uploaded':
      return <span data-testid={testId} data-state="uploaded">uploaded</span>;
    case 'failed':
      return (
        <span className="field-problem" role="alert" data-testid={testId} data-state="failed">
          upload failed: {state.message}; Submit tries again
        </span>
      );
    case 'waiting':
      return <span data-testid={testId} data-state="pending">uploaded on submit</span>;
  }
}
