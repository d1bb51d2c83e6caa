import type { QueryClient } from '@tanstack/react-query';
import type { ImageSource, LayerKind } from '../../core/index.ts';
import type { UploadView } from '../api/api-types.ts';
import { localFileFor, rememberUploadName } from '../images/local-files.ts';
import { imageTransparencyQuery } from '../images/image-transparency-query.ts';
import { previewImageQuery } from '../images/preview-image-query.ts';
import { useEditorStore } from '../store/editor-store.ts';

/**
 * Points a layer at the server's copy of its local file, so the request panel, "Copy as cURL" and the saved
 * draft name a URL the server can read. Only while the layer still shows that file; not an undo step (the
 * layout is the same, only where the picture lives changed).
 */
export function adoptUpload(queryClient: QueryClient, kind: LayerKind, localUrl: string, uploaded: UploadView): ImageSource {
  const source = { url: uploaded.url, width: uploaded.width, height: uploaded.height };
  const name = localFileFor(localUrl)?.name;
  if (name) rememberUploadName(source.url, name);
  // The canvas keeps drawing the bitmap it has instead of loading the same picture from the server.
  const shown = queryClient.getQueryData(previewImageQuery(localUrl).queryKey);
  if (shown) queryClient.setQueryData(previewImageQuery(source.url).queryKey, shown);
  const transparent = queryClient.getQueryData(imageTransparencyQuery(localUrl).queryKey);
  if (transparent !== undefined) queryClient.setQueryData(imageTransparencyQuery(source.url).queryKey, transparent);
  if (useEditorStore.getState().document[kind]?.source.url === localUrl) {
    const history = useEditorStore.temporal.getState();
    history.pause();
    useEditorStore.getState().relocateLayerSource(kind, source);
    history.resume();
  }
  return source;
}
