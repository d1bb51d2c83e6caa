/** An id this browser remembers across reloads (the job or batch being followed); null without storage. */
export function rememberedId(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Remembers `id` under `key`, or forgets it for null. Without storage it is followed until the page closes. */
export function rememberId(key: string, id: string | null): void {
  try {
    if (id) localStorage.setItem(key, id);
    else localStorage.removeItem(key);
  } catch {
    // Private mode or no storage: nothing to remember it in.
  }
}
