import { queryOptions } from '@tanstack/react-query';
import { limitConcurrency } from '../../core/index.ts';
import { prepareForeground, type ForegroundView } from '../cutout/foreground-api.ts';

/**
 * Cut-outs asked for at once: the server runs one removal at a time and refuses a long queue (503), so a batch
 * of a hundred photos feeds it two at a time (one removing, one waiting) rather than all at once.
 */
const inTurn = limitConcurrency(2);

/**
 * A batch product's cut-out (background removed, trimmed to its subject) for the grid, with "Remove
 * backgrounds" on: the composition as it will render. The server keeps it by the photo's bytes and options, so
 * the batch reuses it instead of removing the background again.
 */
export const batchCutoutQuery = (url: string) =>
  queryOptions({
    queryKey: ['batch-cutout', url],
    queryFn: (): Promise<ForegroundView> => inTurn(() => prepareForeground(url)),
    staleTime: Infinity,
    retry: false,
  });
