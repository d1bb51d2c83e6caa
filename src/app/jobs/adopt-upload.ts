import type { QueryClient } from '@tanstack/react-query';
import type { ImageSource, LayerKind } from '../../core/index.ts';
import type { UploadView } from '../api/api-types.ts';
import { imageTransparencyQuery } from '../images/image-transparency-query.ts';
import { localFileFor } from '../images/local-files.ts';
import { previewImageQuery } from '../images/preview-image-query.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { uploadInfoQuery } from './upload-info-query.ts';

/**
 * Points a layer at the server's copy of its local file once a job is submitted with it, so the saved draft
 * and the layout's history name a URL the server can read (the request panel names it as soon as the upload is
 * done, see deriveRequest). Only while the layer still shows that file; not an undo step (the
 * layout is the same, only where the picture lives changed).
 */
export function adoptUpload(queryClient: QueryClient, kind: LayerKind, localUrl: string, uploaded: UploadView): ImageSource {
  const source = { url: uploaded.url, width: uploaded.width, height: uploaded.height };
  // The layer card keeps naming the layer by the file's name (it asks the server only when that is not known here).
  queryClient.setQueryData(uploadInfoQuery(source.url).queryKey, { ...uploaded, name: uploaded.name ?? localFileFor(localUrl)?.name ?? null });
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
