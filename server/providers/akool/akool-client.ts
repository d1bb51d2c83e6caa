import type { AkoolCredentials } from '../../config.ts';
import { akoolErrorMessage } from './akool-error-codes.ts';

/** Akool answered with a code other than 1000. */
export class AkoolApiError extends Error {
  constructor(
    readonly code: number,
    readonly akoolMessage: string,
  ) {
    super(akoolErrorMessage(code, akoolMessage));
  }
}

/** Akool could not be reached or answered something that is not its JSON envelope; worth retrying. */
export class AkoolUnavailable extends Error {
  /** True when the call was cut off by its time limit rather than answered or refused. */
  constructor(message: string, readonly timedOut = false) {
    super(message);
  }
}

export interface AkoolEnvelope {
  code: number;
  msg?: string;
  data?: Record<string, unknown>;
  token?: string;
}

/** Used when a call is given no timeout of its own. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Akool's open API v3 with the server's credentials: `x-api-key`, or a Bearer token bought with the client
 * id/secret, cached (Akool says it lasts over a year) and bought again once when Akool answers 1101.
 */
export class AkoolClient {
  private token: string | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: AkoolCredentials,
    private readonly requestTimeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  private async send(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body: unknown, timeoutMs: number): Promise<AkoolEnvelope> {
    let response: Response;
    let text: string;
    const ms = Math.max(1, Math.min(timeoutMs, this.requestTimeoutMs));
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(ms),
      });
      text = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      // A cause's name or code only: never the request itself (its headers carry the credentials).
      const why = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${ms} ms` : (code ?? 'network error');
      throw new AkoolUnavailable(`cannot reach Akool at ${this.baseUrl}: ${why}`, name === 'TimeoutError' || name === 'AbortError');
    }
    let envelope: AkoolEnvelope;
    try {
      envelope = JSON.parse(text) as AkoolEnvelope;
    } catch {
      throw new AkoolUnavailable(`Akool answered HTTP ${response.status} without JSON`);
    }
    if (typeof envelope?.code !== 'number') throw new AkoolUnavailable(`Akool answered HTTP ${response.status} without a code`);
    return envelope;
  }

  private async bearerToken(timeoutMs: number): Promise<string> {
    if (this.token) return this.token;
    if (this.credentials.kind !== 'client') throw new Error('no client credentials');
    const envelope = await this.send('POST', '/api/open/v3/getToken', {}, {
      clientId: this.credentials.clientId,
      clientSecret: this.credentials.clientSecret,
    }, timeoutMs);
    if (envelope.code !== 1000 || typeof envelope.token !== 'string') {
      throw new AkoolApiError(envelope.code === 1000 ? 1101 : envelope.code, envelope.msg ?? 'getToken gave no token');
    }
    this.token = envelope.token;
    return this.token;
  }

  private async authHeaders(timeoutMs: number): Promise<Record<string, string>> {
    if (this.credentials.kind === 'apiKey') return { 'x-api-key': this.credentials.apiKey };
    return { authorization: `Bearer ${await this.bearerToken(timeoutMs)}` };
  }

  /** Sends an authenticated call; returns `data` on 1000 and throws AkoolApiError on any other code. */
  async call(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = this.requestTimeoutMs): Promise<Record<string, unknown>> {
    let envelope = await this.send(method, path, await this.authHeaders(timeoutMs), body, timeoutMs);
    if (envelope.code === 1101 && this.credentials.kind === 'client') {
      this.token = null; // the cached token expired or was revoked: buy a new one, once
      envelope = await this.send(method, path, await this.authHeaders(timeoutMs), body, timeoutMs);
    }
    if (envelope.code !== 1000) throw new AkoolApiError(envelope.code, envelope.msg ?? '');
    return envelope.data ?? {};
  }

  submitBackgroundChange(body: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>> {
    return this.call('POST', '/api/open/v3/content/image/bg/replace', body, timeoutMs);
  }

  imageInfo(remoteId: string, timeoutMs?: number): Promise<Record<string, unknown>> {
    return this.call('GET', `/api/open/v3/content/image/infobymodelid?image_model_id=${encodeURIComponent(remoteId)}`, undefined, timeoutMs);
  }
}
