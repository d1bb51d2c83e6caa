import { describe, expect, it } from 'vitest';
import { limitConcurrency } from './limit-concurrency.ts';

describe('limitConcurrency', () => {
  it('runs at most `limit` tasks at once, the rest in the order they came, each with its own outcome', async () => {
    const inTurn = limitConcurrency(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const outcomes = [0, 1, 2, 3, 4].map((n) =>
      inTurn(async () => {
        started.push(n);
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        if (n === 1) throw new Error('task 1 failed');
        return n * 10;
      }),
    );
    // Watched from the start, so the failing task's rejection is always handled.
    const settled = Promise.allSettled(outcomes);
    // Let each task that may start do so, release the earliest, and so on until all are done.
    for (let round = 0; round < 5; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      releases.shift()?.();
    }
    const results = await settled;
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual([0, 'task 1 failed', 20, 30, 40]);
  });
});
