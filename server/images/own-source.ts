import { isIP } from 'node:net';
import { isId } from '../storage/ids.ts';
import type { SourceRef } from '../domain/job.ts';

/** The origins under which a URL names this server itself. */
export interface OwnOrigins {
  publicBaseUrl: string | null;
  /** Origin of the request that submitted the job (scheme://host[:port] as the client addressed us). */
  requestOrigin: string | null;
  /** The port this server listens on. */
  port: number;
}

export type OwnFile = Exclude<SourceRef, { kind: 'remote' }>;

function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * The path of `url` below this server's root when the URL names this server, else null. "This server" is:
 * the origin of PUBLIC_BASE_URL (its path is the root), the origin the submitting client used to reach us,
 * or any loopback host on our port. Reading such a URL from disk is never an escalation: it can only resolve
 * to an upload, sample or result that the same client can already GET from us; and fetching it over HTTP
 * instead would be refused by the SSRF guard (loopback) or by ACCESS_TOKEN.
 */
function pathOnThisServer(url: URL, origins: OwnOrigins): string | null {
  if (origins.publicBaseUrl) {
    const base = new URL(origins.publicBaseUrl);
    const prefix = base.pathname.replace(/\/$/, '');
    if (url.origin === base.origin && (prefix === '' || url.pathname.startsWith(`${prefix}/`))) {
      return url.pathname.slice(prefix.length);
    }
  }
  if (origins.requestOrigin && url.origin === origins.requestOrigin) return url.pathname;
  if (isLoopbackHost(url.hostname) && effectivePort(url) === origins.port) return url.pathname;
  return null;
}

export type SourceResolution = { ok: true; ref: SourceRef } | { ok: false; reason: string };

/** Decides whether a layer's URL is one of this server's own files (read from disk) or a remote image. */
export function resolveSource(text: string, origins: OwnOrigins): SourceResolution {
  const url = new URL(text);
  const path = pathOnThisServer(url, origins);
  if (path === null) return { ok: true, ref: { kind: 'remote', url: text } };
  const segments = path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  if (segments.length === 4 && segments[1] === 'api' && segments[2] === 'uploads' && isId(segments[3]!)) {
    return { ok: true, ref: { kind: 'upload', id: segments[3]! } };
  }
  if (segments.length === 3 && segments[1] === 'samples' && /^[A-Za-z0-9][\w.-]*$/.test(segments[2]!)) {
    return { ok: true, ref: { kind: 'sample', name: segments[2]! } };
  }
  if (segments.length === 5 && segments[1] === 'api' && segments[2] === 'jobs' && isId(segments[3]!) && segments[4] === 'result') {
    return { ok: true, ref: { kind: 'result', jobId: segments[3]! } };
  }
  return { ok: false, reason: `points at this server (${url.origin}) but not at an upload, a sample image or a job result` };
}
