import { describe, expect, it } from 'vitest';
import { describeTimeLeft, estimateSecondsLeft } from './batch-progress.ts';

describe('estimateSecondsLeft', () => {
  it('goes by the pace so far', () => {
    expect(estimateSecondsLeft(10_000, 5, 20)).toBe(40);
  });
  it('has no estimate before the first item is done, and 0 when nothing is left', () => {
    expect(estimateSecondsLeft(10_000, 0, 20)).toBeNull();
    expect(estimateSecondsLeft(10_000, 5, 0)).toBe(0);
  });
});

describe('describeTimeLeft', () => {
  it('rounds for people', () => {
    expect(describeTimeLeft(null)).toBe('estimating time left…');
    expect(describeTimeLeft(3)).toBe('a few seconds left');
    expect(describeTimeLeft(42)).toBe('about 40 s left');
    expect(describeTimeLeft(300)).toBe('about 5 min left');
  });
});
