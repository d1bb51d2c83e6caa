/**
 * A gate that runs at most `limit` tasks at once, the others waiting their turn in the order they came: for
 * uploads and server work asked from the browser, where a hundred at once would overrun the connection or the
 * server's queue. Each call resolves or rejects with its own task.
 */
export function limitConcurrency(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
