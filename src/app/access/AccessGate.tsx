import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { forgetAccessToken, storeAccessToken, storedAccessToken, UNAUTHORIZED_EVENT } from './access-token-store.ts';

type GateState = 'checking' | 'open' | 'asking';

const RENEW_SESSION_MS = 60 * 60 * 1000;

/** Sends the token to `POST /api/session`; the answer sets the cookie that <img> and download links use. */
async function startSession(token: string): Promise<'ok' | 'wrong' | 'unreachable' | 'busy'> {
  try {
    const response = await fetch('/api/session', { method: 'POST', headers: { 'x-access-token': token } });
    if (response.ok) return 'ok';
    return response.status === 429 ? 'busy' : 'wrong';
  } catch {
    return 'unreachable';
  }
}

/**
 * Asks for the server's ACCESS_TOKEN once per browser session, when the server requires one: a modal form
 * over the app. The token is kept in sessionStorage (this tab only) and a session cookie is set for images;
 * when the server later answers 401 (token changed), it asks again. Renders nothing on an open server.
 */
export function AccessGate() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<GateState>('checking');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  const check = useCallback(async () => {
    const token = storedAccessToken();
    if (token) {
      const outcome = await startSession(token);
      if (outcome === 'ok' || outcome === 'unreachable') return setState('open');
      forgetAccessToken();
    }
    try {
      // Without a token in this tab the app cannot send the header its writes need, cookie or not: ask.
      const session = (await (await fetch('/api/session')).json()) as { required: boolean };
      setState(session.required ? 'asking' : 'open');
    } catch {
      setState('open'); // the server is down: the app says so where it calls it
    }
  }, []);

  useEffect(() => {
    void check();
    const onUnauthorized = () => {
      // Queries behind the gate answer 401 while no token is entered yet: only a stored token that is now
      // refused means it was changed; otherwise keep the reason shown for a wrong entry.
      if (storedAccessToken()) {
        forgetAccessToken();
        setError('The server refused the access token (was it changed?). Enter it again.');
      }
      setState('asking');
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    // The cookie for images lasts 12 h; renew it while the tab is open so that images keep loading.
    const renew = window.setInterval(() => {
      const token = storedAccessToken();
      if (token) void startSession(token);
    }, RENEW_SESSION_MS);
    return () => {
      window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
      window.clearInterval(renew);
    };
  }, [check]);

  useEffect(() => {
    const element = dialog.current;
    if (state === 'asking' && element && !element.open) element.showModal();
  }, [state]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget).get('token') ?? '').trim();
    if (!token) return setError('Enter the access token.');
    setBusy(true);
    const outcome = await startSession(token);
    setBusy(false);
    if (outcome !== 'ok') {
      const messages = {
        wrong: 'That is not the access token of this server.',
        busy: 'Too many wrong tokens from this address: wait a minute, then try again.',
        unreachable: 'The server cannot be reached: check that it is running.',
      } as const;
      return setError(messages[outcome]);
    }
    storeAccessToken(token);
    setError(null);
    setState('open');
    dialog.current?.close();
    await queryClient.invalidateQueries();
  };

  if (state !== 'asking') return null;
  return (
    <dialog
      ref={dialog}
      className="access-gate"
      data-testid="access-gate"
      aria-labelledby="access-gate-title"
      onCancel={(event) => event.preventDefault()}
      style={{ maxWidth: '26rem', padding: '1.25rem', borderRadius: '8px' }}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id="access-gate-title" style={{ marginTop: 0 }}>
          Access token
        </h2>
        <p>This server is protected. Enter its access token (ACCESS_TOKEN); it is remembered until this tab is closed.</p>
        <input
          name="token"
          type="password"
          autoComplete="current-password"
          aria-label="Access token"
          data-testid="access-token-input"
          required
          autoFocus
          style={{ width: '100%', boxSizing: 'border-box' }}
        />
        {error && (
          <p role="alert" data-testid="access-gate-error" style={{ color: '#b00020' }}>
            {error}
          </p>
        )}
        <p style={{ textAlign: 'right', marginBottom: 0 }}>
          <button type="submit" disabled={busy} data-testid="access-token-submit">
            {busy ? 'Checking…' : 'Continue'}
          </button>
        </p>
      </form>
    </dialog>
  );
}
