import { queryOptions } from '@tanstack/react-query';
import { localFileFor } from '../images/local-files.ts';
import { uploadFile } from './upload-file.ts';

/**
 * The server's copy of a picked, dropped or pasted file. Uploading starts as soon as the file is placed, so
 * Submit usually finds it there already; Submit's fetch joins an upload still under way, and tries again one
 * that failed.
 */
export const uploadQuery = (localUrl: string) =>
  queryOptions({
    queryKey: ['upload', localUrl],
    queryFn: () => {
      const file = localFileFor(localUrl);
      if (!file) throw new Error('the image is no longer available in this tab: load it again');
      return uploadFile(file);
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
