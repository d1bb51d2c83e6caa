import { useQuery } from '@tanstack/react-query';
import type { LayerKind } from '../../core/index.ts';
import { uploadQuery } from '../jobs/upload-query.ts';

/** Where a local file's background upload stands, so a refused file shows before Submit, not after. */
export function UploadStatus({ kind, localUrl }: { kind: LayerKind; localUrl: string }) {
  // Reads the upload the placing started; never starts one itself (Submit does when none ran).
  const upload = useQuery({ ...uploadQuery(localUrl), enabled: false });
  const testId = `${kind}-upload-status`;
  if (upload.fetchStatus === 'fetching') return <span data-testid={testId} data-state="uploading">uploading…</span>;
  if (upload.isSuccess) return <span data-testid={testId} data-state="uploaded">uploaded</span>;
  if (upload.isError) {
    return (
      <span className="field-problem" role="alert" data-testid={testId} data-state="failed">
        upload failed: {upload.error.message}; Submit tries again
      </span>
    );
  }
  return <span data-testid={testId} data-state="pending">uploaded on submit</span>;
}
