/** How a batch stands: counts of its items by outcome. */
export interface BatchCounts {
  total: number;
  completed: number;
  failed: number;
  /** Neither completed nor failed nor cancelled: waiting or rendering. */
  left: number;
}

/**
 * Seconds until the items left are done, at the pace the batch has had so far (items finished over the time
 * since it started); null before the first item has finished, when there is no pace to go by.
 */
export function estimateSecondsLeft(elapsedMs: number, finished: number, left: number): number | null {
  if (left === 0) return 0;
  if (finished <= 0 || elapsedMs <= 0) return null;
  return Math.ceil(((elapsedMs / finished) * left) / 1000);
}

/** "about 2 min left", "about 40 s left", "a few seconds left": for people, not to the second. */
export function describeTimeLeft(seconds: number | null): string {
  if (seconds === null) return 'estimating time left…';
  if (seconds <= 5) return 'a few seconds left';
  if (seconds < 90) return `about ${Math.round(seconds / 5) * 5} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}
