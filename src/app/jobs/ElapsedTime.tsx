import { useEffect, useState } from 'react';
import { formatElapsed } from './job-status-words.ts';

/** Time since `since`, ticking every second until `until` is given. */
export function ElapsedTime({ since, until }: { since: string; until?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  const end = until ? Date.parse(until) : now;
  return <span data-testid="job-elapsed">{formatElapsed(end - Date.parse(since))}</span>;
}
