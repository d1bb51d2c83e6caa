import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from '../config.ts';
import type { OwnOrigins } from '../images/own-source.ts';

/** The origin the client used to reach us (scheme://host[:port], default port dropped as URL.origin does). */
export function requestOrigin(request: FastifyRequest): string {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return `${request.protocol}://localhost`;
  }
}

/** Absolute URLs we hand out start with PUBLIC_BASE_URL when set, else with the client's own origin. */
export function baseUrl(request: FastifyRequest, config: ServerConfig): string {
  return config.publicBaseUrl ?? requestOrigin(request);
}

export function ownOrigins(app: FastifyInstance, request: FastifyRequest, config: ServerConfig): OwnOrigins {
  const address = app.server.address() as AddressInfo | null;
  return { publicBaseUrl: config.publicBaseUrl, requestOrigin: requestOrigin(request), port: address?.port ?? config.port };
}
