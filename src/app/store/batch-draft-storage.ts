import type { BatchDraft, BatchDraftItem } from './batch-slice.ts';

const BATCH_DRAFT_KEY = 'composer.batchDraft';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isHttpUrl = (url: unknown): url is string => typeof url === 'string' && /^https?:\/\//i.test(url);

/**
 * The draft as text. An item still uploading (an object URL, gone after a reload) or whose upload failed is left
 * out: after a reload it could not be shown or sent.
 */
export function encodeBatchDraft(draft: BatchDraft): string {
  const items = draft.items.filter((item) => isHttpUrl(item.url) && !item.problem);
  const editing = draft.editing && items.some((item) => item.key === draft.editing!.key) && isHttpUrl(draft.editing.layoutForeground.source.url) ? draft.editing : null;
  return JSON.stringify({ version: 1, items, rule: draft.rule, editing });
}

/** The draft stored by encodeBatchDraft; null for none, or for anything this version does not read. */
export function decodeBatchDraft(text: string | null): BatchDraft | null {
  if (!text) return null;
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(stored) || stored.version !== 1 || !Array.isArray(stored.items) || !isObject(stored.rule)) return null;
  const items = stored.items.filter(
    (item): item is BatchDraftItem => isObject(item) && typeof item.key === 'string' && typeof item.name === 'string' && isHttpUrl(item.url),
  );
  const editing = isObject(stored.editing) && items.some((item) => item.key === (stored as { editing: { key: unknown } }).editing.key) ? (stored.editing as unknown as BatchDraft['editing']) : null;
  return { items, rule: stored.rule as unknown as BatchDraft['rule'], editing };
}

/** The batch being prepared as this browser last kept it; null without one (or without storage). */
export function loadBatchDraft(): BatchDraft | null {
  try {
    return decodeBatchDraft(globalThis.localStorage?.getItem(BATCH_DRAFT_KEY) ?? null);
  } catch {
    return null;
  }
}

/** Keeps the draft. Without storage it lasts until the page closes. */
export function saveBatchDraft(draft: BatchDraft): void {
  try {
    localStorage.setItem(BATCH_DRAFT_KEY, encodeBatchDraft(draft));
  } catch {
    // Private mode, no storage, or full: the draft lives as long as the page.
  }
}
