import { accessHeaders, UNAUTHORIZED_EVENT } from '../access/access-token-store.ts';

/** An error our API answered (`{ error: { message, fields? } }`), or a failure to reach it, in words. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Calls this server's JSON API and returns the parsed body; non-2xx answers become an ApiError. Carries the
 * access token when one was given; a 401 asks for it again (see access/AccessGate). */
export async function apiFetch<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(accessHeaders())) if (!headers.has(name)) headers.set(name, value);
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    // A cancelled request (the caller went away) is not a failure to report.
    if (init?.signal?.aborted) throw error;
    throw new ApiError('the server cannot be reached: check that it is running', 0);
  }
  if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = (body as { error?: { message?: string; fields?: Record<string, string> } } | null)?.error;
    throw new ApiError(error?.message ?? `the server answered ${response.status}`, response.status, error?.fields);
  }
  return body as T;
}
