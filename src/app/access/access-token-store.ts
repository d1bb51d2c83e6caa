/**
 * The server's ACCESS_TOKEN as the person typed it, kept for this browser tab's session only (sessionStorage:
 * gone when the tab closes, never sent anywhere but to this server's API as a header). Images and download
 * links cannot carry a header: for them the server sets an HttpOnly session cookie when the token is given.
 */
const KEY = 'composer.accessToken';

/** Fired on window when the server answers 401: the token is missing, wrong or was changed. */
export const UNAUTHORIZED_EVENT = 'composer:unauthorized';

export function storedAccessToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the person is asked again
  }
}

export function storeAccessToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // storage disabled: works for this page, asked again after a reload
  }
}

export function forgetAccessToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

/** The header that authorises an API call, when a token is known. */
export function accessHeaders(): Record<string, string> {
  const token = storedAccessToken();
  return token ? { 'x-access-token': token } : {};
}
