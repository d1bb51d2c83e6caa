import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { httpStatusWords } from '../../src/core/index.ts';
import { forbiddenAddressReason } from './address-policy.ts';
import { networkErrorWords } from './network-error-words.ts';

export type FetchErrorKind = 'invalid' | 'refused' | 'too-large' | 'timeout' | 'upstream';

/** Why a guarded fetch did not return a body; `kind` lets routes pick a status code. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly kind: FetchErrorKind,
    /** The HTTP status the remote answered, when it answered one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface GuardedFetchOptions {
  /** Host names that may resolve to private addresses (tests: the fake Akool on 127.0.0.1). */
  allowHosts?: readonly string[];
  maxBytes?: number;
  /** For the whole fetch, redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** How host names become addresses; the system resolver unless given (tests inject DNS answers). */
  resolve?: Resolver;
}

/** Every address a host name resolves to. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

export interface FetchedBody {
  body: Buffer;
  contentType: string | null;
  /** The URL the body came from, after redirects. */
  url: string;
}

export const FETCH_MAX_BYTES = 25 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 15_000;
export const FETCH_MAX_REDIRECTS = 3;

/** Hostname of a URL without IPv6 brackets, lower case. */
function bareHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

/**
 * A DNS lookup that checks every address the host resolves to and hands only checked addresses to the
 * socket, so that the connection goes where the check looked (no second resolution to rebind).
 */
function checkedLookup(allowPrivate: boolean, resolver: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    resolver(hostname).then(
      (all) => answer(null, family ? all.filter((address) => address.family === family) : all),
      (error: NodeJS.ErrnoException) => answer(error, []),
    );
    function answer(error: NodeJS.ErrnoException | null, addresses: LookupAddress[]): void {
      if (error) {
        callback(new FetchError(`cannot resolve ${hostname}: ${networkErrorWords(error)}`, 'upstream'), '', 4);
        return;
      }
      if (!allowPrivate) {
        for (const { address } of addresses) {
          const reason = forbiddenAddressReason(address);
          if (reason) {
            callback(new FetchError(`refused: ${hostname} resolves to ${reason}`, 'refused'), '', 4);
            return;
          }
        }
      }
      if (addresses.length === 0) {
        callback(new FetchError(`cannot resolve ${hostname}: no address`, 'upstream'), '', 4);
      } else if (options.all) {
        (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      } else {
        callback(null, addresses[0]!.address, addresses[0]!.family);
      }
    }
  };
}

function checkUrl(url: URL, allowHosts: readonly string[]): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(`only http:// and https:// URLs can be fetched (got ${url.protocol})`, 'invalid');
  }
  if (url.username || url.password) throw new FetchError('URLs with a user name or password are not fetched', 'invalid');
  const host = bareHost(url);
  const allowPrivate = allowHosts.includes(host);
  // Node connects to an IP literal without a lookup, so literals are checked here.
  if (!allowPrivate && isIP(host)) {
    const reason = forbiddenAddressReason(host);
    if (reason) throw new FetchError(`refused: ${reason}`, 'refused');
  }
  return allowPrivate;
}

function requestOnce(url: URL, allowPrivate: boolean, maxBytes: number, signal: AbortSignal, resolver: Resolver): Promise<
  { redirect: string; status: number } | { body: Buffer; contentType: string | null }
> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'GET',
      agent: false,
      lookup: checkedLookup(allowPrivate, resolver),
      signal,
      headers: { 'user-agent': 'background-composer/0.1', accept: 'image/*,*/*;q=0.5' },
    });
    request.on('error', (error) => {
      if (error instanceof FetchError) reject(error);
      else if (signal.aborted) reject(new FetchError(`no answer from ${url.host} in time`, 'timeout'));
      else reject(new FetchError(`cannot fetch ${url.host}: ${networkErrorWords(error as NodeJS.ErrnoException)}`, 'upstream'));
    });
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        resolve({ redirect: response.headers.location, status });
        return;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        reject(new FetchError(`${url.host} answered ${httpStatusWords(status, response.statusMessage)}`, 'upstream', status));
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.destroy();
        reject(new FetchError(`the image is larger than ${Math.round(maxBytes / 1048576)} MB`, 'too-large'));
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) {
          response.destroy();
          reject(new FetchError(`the image is larger than ${Math.round(maxBytes / 1048576)} MB`, 'too-large'));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error) =>
        reject(signal.aborted ? new FetchError(`no answer from ${url.host} in time`, 'timeout') : new FetchError(`cannot fetch ${url.host}: ${error.message}`, 'upstream')),
      );
      response.on('end', () => {
        if (received <= maxBytes) resolve({ body: Buffer.concat(chunks), contentType: response.headers['content-type'] ?? null });
      });
    });
    request.end();
  });
}

/**
 * The only way the server reads a URL it was given: http(s) only; every resolved address checked against
 * loopback, private, link-local, shared and unique-local ranges (unless the host is in `allowHosts`), with
 * the connection pinned to the checked address; redirects followed by hand and checked again; size and time
 * capped.
 */
export async function guardedFetch(target: string, options: GuardedFetchOptions = {}): Promise<FetchedBody> {
  const allowHosts = (options.allowHosts ?? []).map((host) => host.toLowerCase());
  const maxBytes = options.maxBytes ?? FETCH_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? FETCH_MAX_REDIRECTS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? FETCH_TIMEOUT_MS);
  try {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new FetchError('not a valid URL', 'invalid');
    }
    for (let redirects = 0; ; redirects += 1) {
      const allowPrivate = checkUrl(url, allowHosts);
      const answer = await requestOnce(url, allowPrivate, maxBytes, controller.signal, options.resolve ?? systemResolver);
      if ('body' in answer) return { ...answer, url: url.href };
      if (redirects >= maxRedirects) throw new FetchError(`more than ${maxRedirects} redirects`, 'upstream');
      try {
        url = new URL(answer.redirect, url);
      } catch {
        throw new FetchError(`${url.host} redirected to an invalid URL`, 'upstream');
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
