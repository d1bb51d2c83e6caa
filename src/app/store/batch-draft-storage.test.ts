import { describe, expect, it } from 'vitest';
import { decodeBatchDraft, encodeBatchDraft } from './batch-draft-storage.ts';
import { DEFAULT_BATCH_RULE, type BatchDraft, type BatchDraftItem } from './batch-slice.ts';

const item = (key: string, url: string, extra: Partial<BatchDraftItem> = {}): BatchDraftItem => ({ key, name: `${key}.png`, url, size: { width: 10, height: 20 }, override: null, ...extra });
const layoutForeground = { source: { url: 'http://127.0.0.1/api/uploads/slot', width: 100, height: 100 }, x: 1, y: 2, width: 3, height: 4 };

describe('the batch draft kept across reloads', () => {
  it('comes back with its items, their overrides, the rule and the item open in the editor', () => {
    const draft: BatchDraft = {
      items: [item('a', 'http://127.0.0.1/api/uploads/a', { override: { box: { x: 5, y: 6, width: 7, height: 8 }, effects: { shadows: [], reflection: { opacity: 0.3, height: 0.35, gap: 1 } } } })],
      rule: { ...DEFAULT_BATCH_RULE, anchor: 'center', removeBackground: true },
      editing: { key: 'a', layoutForeground },
    };
    expect(decodeBatchDraft(encodeBatchDraft(draft))).toEqual(draft);
  });

  it('leaves out items still uploading (object URLs die with the page) and items whose upload failed', () => {
    const draft: BatchDraft = {
      items: [item('a', 'blob:http://127.0.0.1/1'), item('b', 'https://cdn.example.com/b.png'), item('c', 'http://127.0.0.1/api/uploads/c', { problem: 'too large' })],
      rule: DEFAULT_BATCH_RULE,
      editing: { key: 'a', layoutForeground },
    };
    expect(decodeBatchDraft(encodeBatchDraft(draft))).toEqual({ items: [draft.items[1]], rule: DEFAULT_BATCH_RULE, editing: null });
  });

  it('reads nothing from text it did not write', () => {
    expect(decodeBatchDraft(null)).toBeNull();
    expect(decodeBatchDraft('{')).toBeNull();
    expect(decodeBatchDraft(JSON.stringify({ version: 2, items: [], rule: {} }))).toBeNull();
  });
});
