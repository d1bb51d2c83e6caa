import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../domain/job.ts';
import { newJobId } from '../ids.ts';
import type { JobRepository } from '../job-repository.ts';

export interface OpenedJobRepository {
  jobs: JobRepository;
  close(): Promise<void>;
}

/** A queued job made at `createdAt`, as the job service stores one. */
export function queuedJob(createdAt: number, change: Partial<JobRecord> = {}): JobRecord {
  return {
    id: newJobId(createdAt),
    status: 'queued',
    provider: 'local',
    request: { canvas_size: '10x10', origin_img: 'https://x/y.png', modify_origin_img_size: '1x1', overlay_origin_x: 0, overlay_origin_y: 0 },
    sources: { foreground: { kind: 'remote', url: 'https://x/y.png' }, template: { kind: 'upload', id: 'a'.repeat(24) } },
    createdAt,
    updatedAt: createdAt,
    error: null,
    result: null,
    remoteId: null,
    ...change,
  };
}

const ids = (jobs: readonly JobRecord[]) => jobs.map((job) => job.id);

/**
 * What every job repository must do. `open` makes a fresh, empty repository for each test and tells `changed`
 * of every change it announces (the change feed and the batches hear of jobs through it).
 */
export function jobRepositoryContract(name: string, open: (changed: (id: string) => void) => Promise<OpenedJobRepository>): void {
  describe(`JobRepository contract: ${name}`, () => {
    let opened: OpenedJobRepository;
    let jobs: JobRepository;
    let announced: string[];
    beforeEach(async () => {
      announced = [];
      opened = await open((id) => announced.push(id));
      jobs = opened.jobs;
    });
    afterEach(() => opened.close());

    it('gives back a job as it was stored, and null for an id it does not hold', async () => {
      const job = queuedJob(1_700_000_000_000, { error: { code: 1005, message: 'too frequent' }, result: { width: 3, height: 4, bytes: 5 }, remoteId: 'r-1' });
      await jobs.insert(job);
      expect(await jobs.get(job.id)).toEqual(job);
      expect(await jobs.get(newJobId())).toBeNull();
    });

    it('lists newest first (the later stored first at the same time), up to the limit; unfinished oldest first', async () => {
      const old = queuedJob(1_000_000);
      const middle = queuedJob(2_000_000, { status: 'completed' });
      const twin = queuedJob(2_000_000, { status: 'processing' });
      const young = queuedJob(3_000_000);
      for (const job of [old, middle, twin, young]) await jobs.insert(job);
      expect(ids(await jobs.list())).toEqual([young.id, twin.id, middle.id, old.id]);
      expect(ids(await jobs.list(2))).toEqual([young.id, twin.id]);
      expect(ids(await jobs.listUnfinished())).toEqual([old.id, twin.id, young.id]);
    });

    it('changes only unfinished jobs: a final state is never overwritten, and only real changes are announced', async () => {
      const job = queuedJob(1_000_000);
      await jobs.insert(job);
      const done = await jobs.updateUnfinished(job.id, { status: 'completed', result: { width: 1, height: 1, bytes: 9 } }, 5_000_000);
      expect(done).toMatchObject({ id: job.id, status: 'completed', result: { width: 1, height: 1, bytes: 9 }, updatedAt: 5_000_000 });
      expect(await jobs.updateUnfinished(job.id, { status: 'failed', error: { message: 'late' } })).toBeNull();
      expect(await jobs.get(job.id)).toMatchObject({ status: 'completed', error: null });
      expect(await jobs.listUnfinished()).toEqual([]);
      expect(await jobs.updateUnfinished(newJobId(), { status: 'processing' })).toBeNull();
      expect(announced).toEqual([job.id]);
    });

    it('a change sent twice at once (a webhook delivered twice, a poll racing it) is applied once', async () => {
      const job = queuedJob(1_000_000);
      await jobs.insert(job);
      const outcomes = await Promise.all([
        jobs.updateUnfinished(job.id, { status: 'completed', result: { width: 2, height: 2, bytes: 20 } }),
        jobs.updateUnfinished(job.id, { status: 'failed', error: { message: 'the poll timed out' } }),
        jobs.updateUnfinished(job.id, { status: 'completed', result: { width: 2, height: 2, bytes: 20 } }),
      ]);
      const applied = outcomes.filter((outcome) => outcome !== null);
      expect(applied).toHaveLength(1);
      expect(await jobs.get(job.id)).toEqual(applied[0]);
      expect(announced).toEqual([job.id]);
    });

    it('finds a job by the provider\'s id, and records that id even for a job in the trash, never for a finished one', async () => {
      const job = queuedJob(1_000_000);
      const finished = queuedJob(1_000_001, { status: 'failed', error: { message: 'no' } });
      await jobs.insert(job);
      await jobs.insert(finished);
      expect(await jobs.trash(job.id)).toBe(true);
      expect(await jobs.setRemoteId(job.id, 'akool-1', 'processing', 7_000_000)).toBeNull(); // in the trash: not answered...
      expect(await jobs.restore(job.id)).toMatchObject({ remoteId: 'akool-1', status: 'processing', updatedAt: 7_000_000 }); // ...but kept
      expect((await jobs.findByRemoteId('akool-1'))?.id).toBe(job.id);
      expect(await jobs.findByRemoteId('akool-2')).toBeNull();
      expect(await jobs.setRemoteId(finished.id, 'akool-3', 'queued')).toBeNull();
      expect(await jobs.findByRemoteId('akool-3')).toBeNull();
    });

    it('hands the sending of a job to one owner at a time, until its claim runs out, and to nobody once the provider has it', async () => {
      const job = queuedJob(1_000_000);
      await jobs.insert(job);
      announced.length = 0;
      const claims = await Promise.all(['a', 'b', 'c'].map((owner) => jobs.claimSubmit(job.id, owner, 20_000, 10_000)));
      expect(claims.filter(Boolean)).toHaveLength(1); // three steps at once: one sends
      const owner = ['a', 'b', 'c'][claims.indexOf(true)]!;
      const other = owner === 'a' ? 'b' : 'a';
      expect(await jobs.claimSubmit(job.id, owner, 30_000, 15_000)).toBe(true); // its owner renews it
      expect(await jobs.claimSubmit(job.id, other, 40_000, 29_999)).toBe(false);
      expect(await jobs.claimSubmit(job.id, other, 40_000, 30_000)).toBe(true); // run out: another may send
      expect(announced).toEqual([]);
      expect(await jobs.get(job.id)).toEqual(job);

      await jobs.setRemoteId(job.id, 'akool-9', 'queued');
      expect(await jobs.claimSubmit(job.id, other, 50_000, 45_000)).toBe(false); // Akool has it
      const trashed = queuedJob(1_000_001);
      const finished = queuedJob(1_000_002, { status: 'failed', error: { message: 'no' } });
      for (const j of [trashed, finished]) await jobs.insert(j);
      await jobs.trash(trashed.id);
      expect(await jobs.claimSubmit(trashed.id, 'a', 20_000, 10_000)).toBe(false);
      expect(await jobs.claimSubmit(finished.id, 'a', 20_000, 10_000)).toBe(false);
      expect(await jobs.claimSubmit(newJobId(), 'a', 20_000, 10_000)).toBe(false);
    });

    it('reads several jobs at once, leaving out the missing and the trashed', async () => {
      const [a, b, c] = [queuedJob(1_000_000), queuedJob(2_000_000), queuedJob(3_000_000)];
      for (const job of [a, b, c]) await jobs.insert(job);
      await jobs.trash(b.id);
      const missing = newJobId();
      const found = await jobs.getMany([a.id, b.id, c.id, missing]);
      expect([...found.keys()].sort()).toEqual([a.id, c.id].sort());
      expect(found.get(c.id)).toEqual(c);
      expect((await jobs.getMany([])).size).toBe(0);
    });

    it('a trashed job is gone for every reader and writer until restored; purge takes only what was trashed by the cutoff', async () => {
      const early = queuedJob(1_000_000);
      const late = queuedJob(2_000_000);
      await jobs.insert(early);
      await jobs.insert(late);
      await jobs.updateUnfinished(early.id, { remoteId: 'akool-early' });
      expect(await jobs.get(early.id)).not.toBeNull(); // read once: a repository that keeps reads must drop it too
      announced.length = 0;
      expect(await jobs.trash(early.id, 5000)).toBe(true);
      expect(await jobs.trash(early.id, 5000)).toBe(false);
      expect(announced).toEqual([early.id]);
      expect(await jobs.get(early.id)).toBeNull();
      expect(await jobs.findByRemoteId('akool-early')).toBeNull();
      expect(ids(await jobs.list())).toEqual([late.id]);
      expect(ids(await jobs.listUnfinished())).toEqual([late.id]);
      expect(await jobs.updateUnfinished(early.id, { status: 'completed' })).toBeNull();
      expect(await jobs.existsIncludingTrash(early.id)).toBe(true);

      expect(await jobs.restore(early.id)).toMatchObject({ id: early.id, status: 'queued', remoteId: 'akool-early' });
      expect(await jobs.restore(early.id)).toBeNull(); // not in the trash any more
      expect(ids(await jobs.list())).toEqual([late.id, early.id]);

      await jobs.trash(early.id, 5000);
      await jobs.trash(late.id, 9000);
      expect(await jobs.purgeTrashed(4999)).toEqual([]);
      expect(await jobs.purgeTrashed(5000)).toEqual([early.id]);
      expect(await jobs.existsIncludingTrash(early.id)).toBe(false);
      expect(await jobs.restore(early.id)).toBeNull();
      expect((await jobs.restore(late.id))?.id).toBe(late.id);
    });

    it('a purge racing a restore either restores the job or deletes it, never half of each', async () => {
      const job = queuedJob(1_000_000);
      await jobs.insert(job);
      await jobs.trash(job.id, 5000);
      const [purged, restored] = await Promise.all([jobs.purgeTrashed(5000), jobs.restore(job.id)]);
      if (restored) {
        expect(purged).toEqual([]);
        expect(await jobs.get(job.id)).toEqual(restored);
      } else {
        expect(purged).toEqual([job.id]);
        expect(await jobs.existsIncludingTrash(job.id)).toBe(false);
      }
    });

    it('deletes a job for good; a job stored again under its id reads as the new one', async () => {
      const job = queuedJob(1_000_000);
      await jobs.insert(job);
      expect(await jobs.get(job.id)).toEqual(job);
      expect(await jobs.delete(job.id)).toBe(true);
      expect(await jobs.delete(job.id)).toBe(false);
      expect(await jobs.get(job.id)).toBeNull();
      expect(await jobs.existsIncludingTrash(job.id)).toBe(false);
      await jobs.insert({ ...job, status: 'failed' });
      expect((await jobs.get(job.id))?.status).toBe('failed');
    });
  });
}
