import { useQuery } from '@tanstack/react-query';
import { uploadIdOf, uploadInfoQuery } from '../jobs/upload-info-query.ts';
import { isLocalFileUrl } from './local-files.ts';
import { sourceName } from './source-name.ts';

/** sourceName, asking the server for an upload's original file name when the URL names one of its uploads. */
export function useSourceName(url: string | undefined): string {
  const asksServer = url !== undefined && !isLocalFileUrl(url) && uploadIdOf(url) !== null;
  const upload = useQuery({ ...uploadInfoQuery(url ?? ''), enabled: asksServer });
  return url ? sourceName(url, upload.data?.name) : '';
}
