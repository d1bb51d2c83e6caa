import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchItemRecord, BatchRecord } from '../../domain/batch.ts';
import type { BatchRepository } from '../batch-repository.ts';
import { newJobId } from '../ids.ts';
import type { JobRepository } from '../job-repository.ts';
import { queuedJob } from './job-repository.contract.ts';

export interface OpenedBatchRepository {
  batches: BatchRepository;
  /** The jobs in the same database: a submitted item is in flight while its job is unfinished. */
  jobs: JobRepository;
  close(): Promise<void>;
}

function batchOf(createdAt: number, count: number): { batch: BatchRecord; items: BatchItemRecord[] } {
  const batch: BatchRecord = {
    id: newJobId(createdAt),
    status: 'running',
    layout: { canvas_size: '100x100', origin_img: 'https://x/y.png', modify_origin_img_size: '50x50', overlay_origin_x: 25, overlay_origin_y: 25 },
    placement: { anchor: 'center', scale: 0.5 },
    removeBackground: true,
    origins: { publicBaseUrl: null, requestOrigin: 'http://127.0.0.1:1', port: 1 },
    createdAt,
    updatedAt: createdAt,
  };
  const items = Array.from({ length: count }, (_, position): BatchItemRecord => ({
    batchId: batch.id,
    position,
    name: `bottle ${position}`,
    fileName: `bottle ${position}.png`,
    image: `https://shop.example/${position}.jpg`,
    box: position === 1 ? { x: 1, y: 2, width: 3, height: 4 } : null,
    effects: position === 1 ? { shadow: { type: 'contact', opacity: 0.5 }, reflection: { gap: 4 } } : null,
    jobId: newJobId(createdAt),
    state: 'pending',
    error: null,
  }));
  return { batch, items };
}

const positions = (items: readonly BatchItemRecord[]) => items.map((item) => `${item.batchId.slice(-4)}:${item.position}`);

/** What every batch repository must do; `open` makes a fresh, empty one for each test. */
export function batchRepositoryContract(name: string, open: () => Promise<OpenedBatchRepository>): void {
  describe(`BatchRepository contract: ${name}`, () => {
    let opened: OpenedBatchRepository;
    let batches: BatchRepository;
    beforeEach(async () => {
      opened = await open();
      batches = opened.batches;
    });
    afterEach(() => opened.close());

    it('gives back a batch and its items as stored, a page at a time, newest batch first', async () => {
      const older = batchOf(1_000_000, 3);
      const newer = batchOf(2_000_000, 1);
      await batches.insert(older.batch, older.items);
      await batches.insert(newer.batch, newer.items);
      expect(await batches.get(older.batch.id)).toEqual(older.batch);
      expect(await batches.get(newJobId())).toBeNull();
      expect((await batches.list()).map((batch) => batch.id)).toEqual([newer.batch.id, older.batch.id]);
      expect(await batches.items(older.batch.id)).toEqual(older.items);
      expect(await batches.items(older.batch.id, 1, 1)).toEqual([older.items[1]]);
      expect(await batches.items(older.batch.id, 3)).toEqual([]);
      expect(await batches.item(older.batch.id, 2)).toEqual(older.items[2]);
      expect(await batches.item(older.batch.id, 9)).toBeNull();
      expect(await batches.itemByJob(older.items[2]!.jobId)).toEqual(older.items[2]);
      expect(await batches.itemByJob(newJobId())).toBeNull();
    });

    it('hands out waiting items oldest batch first, each once, never more in flight than asked, even to runners claiming at the same time', async () => {
      const first = batchOf(1_000_000, 3);
      const second = batchOf(2_000_000, 2);
      await batches.insert(second.batch, second.items);
      await batches.insert(first.batch, first.items);
      const claims = await Promise.all(Array.from({ length: 7 }, () => batches.claimPending(4)));
      const taken = claims.flat();
      expect(positions(taken).sort()).toEqual(positions([...first.items, ...second.items.slice(0, 1)]).sort());
      expect(taken.every((item) => item.state === 'preparing')).toBe(true);
      expect(await batches.claimPending(4)).toEqual([]);
      expect(positions(await batches.claimPending(9))).toEqual(positions(second.items.slice(1)));
      expect(await batches.claimPending(9)).toEqual([]);
    });

    it('claims in order: the oldest batch, then by position', async () => {
      const first = batchOf(1_000_000, 2);
      const second = batchOf(2_000_000, 1);
      await batches.insert(second.batch, second.items);
      await batches.insert(first.batch, first.items);
      expect(positions(await batches.claimPending(10))).toEqual(positions([...first.items, ...second.items]));
    });

    it('a submitted item is in flight while its job is queued or processing, not once it is final or in the trash', async () => {
      const { batch, items } = batchOf(1_000_000, 5);
      await batches.insert(batch, items);
      expect(positions(await batches.claimPending(2))).toEqual(positions(items.slice(0, 2)));
      await opened.jobs.insert(queuedJob(1_000_000, { id: items[0]!.jobId }));
      await batches.setItem(batch.id, 0, { state: 'submitted' });
      await batches.setItem(batch.id, 1, { state: 'failed', error: 'items[1] (bottle 1): no image' });
      expect(positions(await batches.claimPending(2))).toEqual(positions(items.slice(2, 3)));
      expect(await batches.claimPending(2)).toEqual([]);
      await opened.jobs.updateUnfinished(items[0]!.jobId, { status: 'processing' });
      expect(await batches.claimPending(2)).toEqual([]);
      await opened.jobs.updateUnfinished(items[0]!.jobId, { status: 'completed', result: { width: 1, height: 1, bytes: 1 } });
      expect(positions(await batches.claimPending(2))).toEqual(positions(items.slice(3, 4)));
      await opened.jobs.insert(queuedJob(1_000_000, { id: items[2]!.jobId }));
      await batches.setItem(batch.id, 2, { state: 'submitted' });
      expect(await batches.claimPending(2)).toEqual([]);
      await opened.jobs.trash(items[2]!.jobId);
      expect(positions(await batches.claimPending(2))).toEqual(positions(items.slice(4)));
    });

    it('an item changes with its batch\'s updatedAt; a restart finds the items being prepared', async () => {
      const { batch, items } = batchOf(1_000_000, 3);
      await batches.insert(batch, items);
      const [claimed] = await batches.claimPending(2);
      const newJob = newJobId();
      await batches.setItem(batch.id, claimed!.position, { state: 'submitted', jobId: newJob }, 5_000_000);
      expect(await batches.item(batch.id, claimed!.position)).toMatchObject({ state: 'submitted', jobId: newJob, error: null });
      expect((await batches.get(batch.id))?.updatedAt).toBe(5_000_000);
      await batches.setItem(batch.id, 2, { state: 'failed', error: 'items[2] (bottle 2): no image' });
      expect(await batches.item(batch.id, 2)).toMatchObject({ state: 'failed', error: 'items[2] (bottle 2): no image', jobId: items[2]!.jobId });
      expect(await batches.preparingJobIds()).toEqual([items[1]!.jobId]);
      expect(await batches.item(batch.id, 1)).toMatchObject({ state: 'preparing' });
    });

    it('a paused or cancelled batch hands out nothing until reopened; cancel leaves submitted items alone', async () => {
      const { batch, items } = batchOf(1_000_000, 3);
      await batches.insert(batch, items);
      await batches.setItem(batch.id, 0, { state: 'submitted' });
      expect(await batches.pause(batch.id, 2000)).toBe(true);
      expect(await batches.pause(batch.id, 2000)).toBe(false); // not running
      expect((await batches.get(batch.id))?.status).toBe('paused');
      expect(await batches.claimPending(9)).toEqual([]);
      await batches.reopen(batch.id);
      expect((await batches.get(batch.id))?.status).toBe('running');
      expect((await batches.claimPending(1)).map((item) => item.position)).toEqual([1]);
      expect(await batches.cancel(batch.id)).toBe(true);
      expect((await batches.items(batch.id)).map((item) => item.state)).toEqual(['submitted', 'preparing', 'cancelled']);
      expect(await batches.claimPending(9)).toEqual([]);
      expect(await batches.cancel(newJobId())).toBe(false);
    });

    it('a deleted batch is gone for readers and runners, its waiting and preparing items cancelled', async () => {
      const { batch, items } = batchOf(1_000_000, 3);
      await batches.insert(batch, items);
      await batches.setItem(batch.id, 0, { state: 'submitted' });
      await batches.claimPending(1);
      expect(await batches.delete(batch.id)).toBe(true);
      expect(await batches.delete(batch.id)).toBe(false);
      expect(await batches.get(batch.id)).toBeNull();
      expect(await batches.list()).toEqual([]);
      expect(await batches.preparingJobIds()).toEqual([]);
      expect((await batches.items(batch.id)).map((item) => item.state)).toEqual(['submitted', 'cancelled', 'cancelled']);
      expect(await batches.claimPending(9)).toEqual([]);
      expect(await batches.pause(batch.id)).toBe(false);
    });
  });
}
