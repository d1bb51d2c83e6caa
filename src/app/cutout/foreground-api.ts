import { queryOptions } from '@tanstack/react-query';
import { effectsRequestFields, type EffectPadding, type LayerEffects, type Rect } from '../../core/index.ts';
import { apiFetch } from '../api/api-client.ts';
import type { UploadView } from '../api/api-types.ts';

/** POST /api/foregrounds' answer: a new upload, which part of the photo it covers, and the subject inside it. */
export interface ForegroundView extends UploadView {
  crop: Rect;
  subject: Rect;
  source: { width: number; height: number };
  /** How far baked effects reach beyond the image on each side. */
  padding: EffectPadding;
  /** Half-transparent pixels of the removal's matte per mostly opaque one; null when no background was removed. */
  halfTransparent: number | null;
  /** The server's words when the cut-out may not be usable (the model was unsure of the subject). */
  warning: string | null;
}

export function prepareForeground(image: string): Promise<ForegroundView> {
  return apiFetch<ForegroundView>('/api/foregrounds', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ image, removeBackground: true, trim: true, margin: 0 }),
  });
}

/**
 * The photo's cut-out in the photo's own frame (background removed, not trimmed): what a batch with background
 * removal renders for an item placed in the editor, whose box is in the photo's pixels.
 */
export function cutoutInFrame(image: string): Promise<ForegroundView> {
  return apiFetch<ForegroundView>('/api/foregrounds', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ image, removeBackground: true, trim: false, margin: 0 }),
  });
}

/** The image (already on the server) with its effects baked around it, untouched otherwise (no removal, no trim). */
export function bakeForegroundEffects(image: string, effects: LayerEffects): Promise<ForegroundView> {
  return apiFetch<ForegroundView>('/api/foregrounds', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ image, removeBackground: false, trim: false, ...effectsRequestFields(effects) }),
  });
}

/**
 * Whether the server's model is loaded: the first removal after a start waits for it, and the card says so.
 * 'remote': the server hands removals to its workers (ROLE=api) and does not know their model's state.
 */
export const removalModelQuery = (polling: boolean) =>
  queryOptions({
    queryKey: ['removal-model'],
    queryFn: ({ signal }) => apiFetch<{ model: 'idle' | 'loading' | 'ready' | 'failed' | 'remote'; queued: number }>('/api/foregrounds/model', { signal }),
    refetchInterval: polling ? 1000 : false,
    enabled: polling,
  });
