import { expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

it('gives the same sequence for the same seed, another for another seed, all in [0, 1)', () => {
  const a = Array.from({ length: 1000 }, seededRandom(42));
  const b = Array.from({ length: 1000 }, seededRandom(42));
  const c = Array.from({ length: 1000 }, seededRandom(43));
  expect(a).toEqual(b);
  expect(a).not.toEqual(c);
  expect(a.every((value) => value >= 0 && value < 1)).toBe(true);
  const mean = a.reduce((sum, value) => sum + value, 0) / a.length;
  expect(mean).toBeGreaterThan(0.45);
  expect(mean).toBeLessThan(0.55);
});
