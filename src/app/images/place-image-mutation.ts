import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { ImageSource, LayerKind } from '../../core/index.ts';
import { sourceFromFile, sourceFromUrl } from './image-input.ts';

export type ImageInput = { url: string } | { file: File };

export const placeImageMutationKey = (kind: LayerKind) => ['place-image', kind] as const;

/** Loads an image from a URL or a file and puts it into a layer; its state is shown on that layer's card. */
export const placeImageMutation = (
  queryClient: QueryClient,
  kind: LayerKind,
  place: (kind: LayerKind, source: ImageSource) => void,
) =>
  mutationOptions({
    mutationKey: placeImageMutationKey(kind),
    mutationFn: async (input: ImageInput) =>
      'file' in input ? sourceFromFile(queryClient, input.file) : sourceFromUrl(queryClient, input.url.trim()),
    onSuccess: (source) => place(kind, source),
  });
