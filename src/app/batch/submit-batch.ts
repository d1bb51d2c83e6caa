import type { QueryClient } from '@tanstack/react-query';
import type { CompositionDocument } from '../../core/index.ts';
import { effectsRequestFields, limitConcurrency, toRequest } from '../../core/index.ts';
import { apiFetch } from '../api/api-client.ts';
import type { BatchView } from '../api/api-types.ts';
import { isLocalFileUrl, localFileFor } from '../images/local-files.ts';
import { uploadQuery } from '../jobs/upload-query.ts';
import type { BatchDraftItem, BatchRule } from '../store/batch-slice.ts';
import { PARALLEL_UPLOADS } from './add-batch-files.ts';
import { batchCutoutQuery } from './batch-cutout-query.ts';
import { batchPlacement, itemEffects, placeItem } from './batch-layout.ts';

/** The server URL of a local file (its upload, joined if under way) or the URL itself. */
async function serverUrl(queryClient: QueryClient, url: string, what: string): Promise<string> {
  if (!isLocalFileUrl(url)) return url;
  if (!localFileFor(url)) throw new Error(`${what} is no longer available in this tab: add it again`);
  return (await queryClient.fetchQuery(uploadQuery(url))).url;
}

/**
 * Makes sure the products (and the layout's own local images) are on the server, joining uploads under way, then
 * creates the batch with each item's override. `onProgress` hears how many products are on the server.
 */
export async function submitBatch(
  queryClient: QueryClient,
  document: CompositionDocument,
  rule: BatchRule,
  items: readonly BatchDraftItem[],
  onProgress: (uploaded: number) => void,
): Promise<BatchView> {
  const failed = items.find((item) => item.problem);
  if (failed) throw new Error(`${failed.name} ${failed.problem}: remove it, or add it again`);
  const layout = toRequest(document);
  if (layout.origin_img) layout.origin_img = await serverUrl(queryClient, layout.origin_img, 'the layout foreground');
  if (layout.template_url) layout.template_url = await serverUrl(queryClient, layout.template_url, 'the background image');
  const inTurn = limitConcurrency(PARALLEL_UPLOADS);
  let done = 0;
  const urls = await Promise.all(
    items.map((item) =>
      inTurn(async () => {
        let url: string;
        try {
          url = await serverUrl(queryClient, item.url, item.name);
        } catch (error) {
          throw new Error(`${item.name}: ${(error as Error).message}`);
        }
        onProgress(++done);
        return url;
      }),
    ),
  );
  return apiFetch<BatchView>('/api/batches', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      layout,
      placement: batchPlacement(document, rule),
      removeBackground: rule.removeBackground,
      items: items.map((item, index) => {
        // Its own effects, or the layout's in its pixels where the rule places it: with background removal the
        // server places its cut-out (the grid's, when made), whose pixels are the photo's.
        const cutout = rule.removeBackground ? queryClient.getQueryData(batchCutoutQuery(item.url).queryKey) : undefined;
        const drawn = cutout ? { size: cutout, subject: cutout.subject } : { size: item.size, subject: item.subject };
        const box = item.override?.box ?? (drawn.size ? placeItem(document, rule, drawn.size, drawn.subject) : null);
        const effects = itemEffects(document, item.override, box, drawn.size);
        return {
          image: urls[index],
          name: item.name,
          ...(item.override ? { box: item.override.box } : {}),
          ...(effects ? effectsRequestFields(effects) : {}),
        };
      }),
    }),
  });
}
