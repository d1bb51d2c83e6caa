import { describe, expect, it } from 'vitest';
import { RenderQueue } from './render-queue.ts';

describe('RenderQueue', () => {
  it('never runs more than its concurrency at once, and runs everything in arrival order', async () => {
    const queue = new RenderQueue(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const tasks = [0, 1, 2, 3, 4].map((n) =>
      queue.run(async () => {
        started.push(n);
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 10));
        active -= 1;
        return n * 10;
      }),
    );
    expect(await Promise.all(tasks)).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });

  it('a failing task frees its slot', async () => {
    const queue = new RenderQueue(1);
    await expect(queue.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'next')).toBe('next');
  });
});
