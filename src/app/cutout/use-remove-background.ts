import { useIsMutating, useMutation, useMutationState, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { cutoutRect, photoRect } from '../../core/index.ts';
import { isLocalFileUrl } from '../images/local-files.ts';
import { previewImageQuery } from '../images/preview-image-query.ts';
import { uploadQuery } from '../jobs/upload-query.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { cutoutOrigin, rememberCutoutOrigin } from './cutout-origins.ts';
import { prepareForeground } from './foreground-api.ts';

/**
 * Removes the foreground photo's background on the server and swaps the layer's image for the cut-out, placed
 * so that the subject stays exactly where it was: one undo step. A local file is uploaded first.
 */
async function removeBackground(queryClient: QueryClient): Promise<void> {
  const before = useEditorStore.getState().document.foreground;
  if (!before) throw new Error('there is no foreground to remove the background of');
  const photoUrl = isLocalFileUrl(before.source.url) ? (await queryClient.fetchQuery(uploadQuery(before.source.url))).url : before.source.url;
  const photoAddress = new URL(photoUrl, window.location.href).href;
  const cutout = await prepareForeground(photoAddress);
  // The canvas draws the cut-out the moment the layer names it.
  await queryClient.fetchQuery(previewImageQuery(cutout.url));
  const { document, replaceDocument } = useEditorStore.getState();
  const layer = document.foreground;
  // The user replaced the photo meanwhile: this cut-out is not of what the layer shows.
  if (!layer || layer.source.url !== before.source.url) return;
  rememberCutoutOrigin(cutout.url, { photo: layer.source, photoUrl: photoAddress, crop: cutout.crop, warning: cutout.warning });
  replaceDocument({
    ...document,
    foreground: { source: { url: cutout.url, width: cutout.width, height: cutout.height, subject: cutout.subject }, ...cutoutRect(layer, layer.source, cutout.crop) },
  });
}

const removeBackgroundMutationKey = ['remove-background'] as const;

/**
 * The removal, shared by every button that offers it (the foreground's card, the warning near Submit): all of
 * them show the one removal in flight, and a click while one runs starts no other.
 */
export function useRemoveBackground() {
  const queryClient = useQueryClient();
  const { mutate } = useMutation({ mutationKey: removeBackgroundMutationKey, mutationFn: () => removeBackground(queryClient) });
  const isPending = useIsMutating({ mutationKey: removeBackgroundMutationKey }) > 0;
  const latest = useMutationState({
    filters: { mutationKey: removeBackgroundMutationKey },
    select: (mutation) => mutation.state.error,
  }).at(-1);
  const start = () => {
    if (queryClient.isMutating({ mutationKey: removeBackgroundMutationKey }) === 0) mutate();
  };
  return { start, isPending, error: isPending ? null : (latest ?? null) };
}

/** Puts the photo back in place of the cut-out, where the cut-out now is (moved or scaled with it): one undo step. */
export function restoreOriginalPhoto(): void {
  const { document, replaceDocument } = useEditorStore.getState();
  const layer = document.foreground;
  const origin = layer && cutoutOrigin(layer.source.url);
  if (!layer || !origin) return;
  replaceDocument({ ...document, foreground: { source: origin.photo, ...photoRect(layer, origin.photo, origin.crop) } });
}
