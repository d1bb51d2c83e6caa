import type { QueryClient } from '@tanstack/react-query';
import type { CompositionDocument, ImageSource, LayerKind } from '../../core/index.ts';
import { hasEffects, toRequest, withBakedForeground } from '../../core/index.ts';
import { apiFetch } from '../api/api-client.ts';
import type { JobView, UploadView } from '../api/api-types.ts';
import { bakeForegroundEffects } from '../cutout/foreground-api.ts';
import { isLocalFileUrl, localFileFor } from '../images/local-files.ts';
import { uploadQuery } from './upload-query.ts';

export type SubmitStep =
  | { kind: 'uploading'; layer: LayerKind; fileName: string }
  | { kind: 'baking' }
  | { kind: 'creating' };

export interface SubmitHooks {
  onStep: (step: SubmitStep) => void;
  /** A local file (at `localUrl`) now lives on the server (`uploaded`): the layer should point at it. */
  onUploaded: (layer: LayerKind, uploaded: UploadView, localUrl: string) => ImageSource;
  /** The job's request is on its way: work that can wait for it (not the request) runs here, while it travels. */
  onSent?: () => void;
}

const LAYER_ORDER: LayerKind[] = ['foreground', 'template'];

/**
 * Makes sure the images that live only in the browser are on the server (their uploads usually finished when
 * they were placed), then creates the job with the server's URLs in the body.
 */
export async function submitComposition(queryClient: QueryClient, document: CompositionDocument, hooks: SubmitHooks): Promise<JobView> {
  let sent = document;
  for (const kind of LAYER_ORDER) {
    const layer = sent[kind];
    if (!layer || !isLocalFileUrl(layer.source.url)) continue;
    const file = localFileFor(layer.source.url);
    if (!file) throw new Error(`the ${kind} image is no longer available in this tab: load it again`);
    const upload = uploadQuery(layer.source.url);
    if (queryClient.getQueryData(upload.queryKey) === undefined) hooks.onStep({ kind: 'uploading', layer: kind, fileName: file.name });
    const source = hooks.onUploaded(kind, await queryClient.fetchQuery(upload), layer.source.url);
    sent = { ...sent, [kind]: { ...layer, source } };
  }
  const foreground = sent.foreground;
  if (foreground && hasEffects(foreground.effects)) {
    // Akool's body has no field for a shadow: the foreground goes as the image with its effects baked around it,
    // placed so the subject stays where the layer shows it (the canvas draws the effects at the same place, and
    // the Request panel shows this body with the padding worked out in the browser).
    hooks.onStep({ kind: 'baking' });
    const baked = await bakeForegroundEffects(foreground.source.url, foreground.effects);
    sent = withBakedForeground(sent, baked);
  }
  hooks.onStep({ kind: 'creating' });
  const created = apiFetch<JobView>('/api/jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(toRequest(sent)),
  });
  hooks.onSent?.();
  return created;
}
