import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { ImageSource, LayerKind } from '../../core/index.ts';
import { uploadQuery } from '../jobs/upload-query.ts';
import { sourceFromFile, sourceFromUrl } from './image-input.ts';
import { isLocalFileUrl } from './local-files.ts';

export type ImageInput = { url: string } | { file: File };

export const placeImageMutationKey = (kind: LayerKind) => ['place-image', kind] as const;

/**
 * Loads an image from a URL or a file and puts it into a layer; its state is shown on that layer's card. A
 * file then uploads in the background, so that Submit finds it on the server.
 */
export const placeImageMutation = (
  queryClient: QueryClient,
  kind: LayerKind,
  place: (kind: LayerKind, source: ImageSource) => void,
) =>
  mutationOptions({
    mutationKey: placeImageMutationKey(kind),
    mutationFn: async (input: ImageInput) =>
      'file' in input ? sourceFromFile(queryClient, input.file) : sourceFromUrl(queryClient, input.url.trim()),
    onSuccess: (source) => {
      place(kind, source);
      if (!isLocalFileUrl(source.url)) return;
      // The layer keeps its local URL until Submit; a failed upload shows on the layer card (UploadStatus),
      // and Submit tries it again.
      void queryClient.prefetchQuery(uploadQuery(source.url));
    },
  });
