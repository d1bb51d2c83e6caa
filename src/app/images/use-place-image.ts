import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LayerKind } from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { placeImageMutation } from './place-image-mutation.ts';

/** `mutate({ url })` or `mutate({ file })` puts an image into the layer. */
export function usePlaceImage(kind: LayerKind) {
  const queryClient = useQueryClient();
  const setLayerSource = useEditorStore((state) => state.setLayerSource);
  return useMutation(placeImageMutation(queryClient, kind, setLayerSource));
}
