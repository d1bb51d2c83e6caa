import type { CompositionDocument, ImageSource, LayerKind } from '../../core/index.ts';
import { toRequest } from '../../core/index.ts';
import { apiFetch } from '../api/api-client.ts';
import type { JobView } from '../api/api-types.ts';
import { isLocalFileUrl, localFileFor } from '../images/local-files.ts';
import { uploadFile } from './upload-file.ts';

export type SubmitStep =
  | { kind: 'uploading'; layer: LayerKind; fileName: string }
  | { kind: 'creating' };

export interface SubmitHooks {
  onStep: (step: SubmitStep) => void;
  /** A local file now lives on the server: the layer should point at its URL from now on. */
  onUploaded: (layer: LayerKind, source: ImageSource) => void;
}

const LAYER_ORDER: LayerKind[] = ['foreground', 'template'];

/** Uploads the images that live only in the browser, then creates the job with the server's URLs in the body. */
export async function submitComposition(document: CompositionDocument, hooks: SubmitHooks): Promise<JobView> {
  let sent = document;
  for (const kind of LAYER_ORDER) {
    const layer = sent[kind];
    if (!layer || !isLocalFileUrl(layer.source.url)) continue;
    const file = localFileFor(layer.source.url);
    if (!file) throw new Error(`the ${kind} image is no longer available in this tab: load it again`);
    hooks.onStep({ kind: 'uploading', layer: kind, fileName: file.name });
    const upload = await uploadFile(file);
    const source = { url: upload.url, width: upload.width, height: upload.height };
    hooks.onUploaded(kind, source);
    sent = { ...sent, [kind]: { ...layer, source } };
  }
  hooks.onStep({ kind: 'creating' });
  return apiFetch<JobView>('/api/jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(toRequest(sent)),
  });
}
