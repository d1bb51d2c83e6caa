import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadRecord } from '../../domain/upload.ts';
import { newUploadId } from '../ids.ts';
import type { UploadRepository } from '../upload-repository.ts';

export interface OpenedUploadRepository {
  uploads: UploadRepository;
  close(): Promise<void>;
}

/** What every upload repository must do; `open` makes a fresh, empty one for each test. */
export function uploadRepositoryContract(name: string, open: () => Promise<OpenedUploadRepository>): void {
  describe(`UploadRepository contract: ${name}`, () => {
    let opened: OpenedUploadRepository;
    let uploads: UploadRepository;
    beforeEach(async () => {
      opened = await open();
      uploads = opened.uploads;
    });
    afterEach(() => opened.close());

    it('gives back an upload as stored, its file name (or none) included, and null for an unknown id', async () => {
      const named: UploadRecord = { id: newUploadId(), format: 'jpeg', width: 4000, height: 3000, bytes: 2_345_678, name: 'verre à vin.jpg', createdAt: 1_700_000_000_123 };
      const nameless: UploadRecord = { ...named, id: newUploadId(), format: 'png', name: null };
      await uploads.insert(named);
      await uploads.insert(nameless);
      expect(await uploads.get(named.id)).toEqual(named);
      expect(await uploads.get(nameless.id)).toEqual(nameless);
      expect(await uploads.get(newUploadId())).toBeNull();
    });

    it('refuses a second upload under an id already stored, keeping the first', async () => {
      const first: UploadRecord = { id: newUploadId(), format: 'webp', width: 1, height: 2, bytes: 3, name: 'a.webp', createdAt: 4 };
      await uploads.insert(first);
      await expect(uploads.insert({ ...first, name: 'b.webp' })).rejects.toThrow();
      expect(await uploads.get(first.id)).toEqual(first);
    });
  });
}
