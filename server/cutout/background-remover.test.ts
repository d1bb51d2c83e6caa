import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { BackgroundRemover, RemovalTooLarge, RemoverClosed } from './background-remover.ts';
import { currentThreadId, REMOVER_NICENESS, threadNiceness } from './thread-priority.ts';

// The remover's life without the model (it is never loaded here): trims run on the thread without it.

const removers: BackgroundRemover[] = [];
afterEach(async () => {
  await Promise.all(removers.splice(0).map((remover) => remover.close()));
});

function remover(maxPixels?: number): BackgroundRemover {
  const made = new BackgroundRemover({ queueLimit: 4, maxPixels });
  removers.push(made);
  return made;
}

/** A 30x20 transparent PNG with an opaque 10x8 red block at (12, 6). */
async function cutoutPng(): Promise<Buffer> {
  return sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: { create: { width: 10, height: 8, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }, left: 12, top: 6 }])
    .png()
    .toBuffer();
}

const trim = { refine: true, foreground: true, trim: true, margin: 0 };

describe('BackgroundRemover', () => {
  it('trims to the photo\'s own alpha without loading the model', async () => {
    const removing = remover();
    const outcome = await removing.remove(await cutoutPng(), trim, { useModel: false });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect([outcome.cutout.width, outcome.cutout.height]).toEqual([10, 8]);
    expect(removing.state.model).toBe('idle');
  });

  it('close() rejects the removals it holds and wakes idle()', async () => {
    const removing = remover();
    const refused = removing.remove(await cutoutPng(), trim, { useModel: false }).catch((error: unknown) => error);
    const idle = removing.idle();
    await removing.close();
    expect(await refused).toBeInstanceOf(RemoverClosed);
    await idle;
    expect(removing.state.queued).toBe(0);
  });

  it('remove() after close() is refused: no thread is started again', async () => {
    const removing = remover();
    await removing.close();
    await expect(removing.remove(await cutoutPng(), trim, { useModel: false })).rejects.toBeInstanceOf(RemoverClosed);
    removing.start();
    expect(removing.state).toMatchObject({ model: 'idle', queued: 0 });
  });

  it('refuses a photo over its pixel limit from the header, for every caller, before queuing it', async () => {
    const removing = remover(599);
    const refused = await removing.remove(await cutoutPng(), trim, { useModel: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RemovalTooLarge);
    expect((refused as Error).message).toBe('it is 30x20 (0.0 megapixels); at most 0.000599 megapixels can have their background removed');
    expect(removing.state.queued).toBe(0);
    // At the limit it is taken.
    expect((await remover(600).remove(await cutoutPng(), trim, { useModel: false })).ok).toBe(true);
  });

  it.skipIf(process.platform !== 'linux')('runs on a thread of lower priority than the server\'s own', async () => {
    const niceness = () => readdirSync('/proc/self/task').map((id) => threadNiceness(Number(id)));
    const before = niceness().filter((value) => value === REMOVER_NICENESS).length;
    const removing = remover();
    await removing.remove(await cutoutPng(), trim, { useModel: false });
    expect(niceness().filter((value) => value === REMOVER_NICENESS).length).toBe(before + 1);
    expect(threadNiceness(currentThreadId()!)).toBe(0);
  });
});
