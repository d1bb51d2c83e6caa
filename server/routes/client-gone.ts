import type { FastifyReply } from 'fastify';

/** Aborts when the client closes the connection: a long poll stops waiting, as nobody is left to answer. */
export function clientGone(reply: FastifyReply): AbortSignal {
  const gone = new AbortController();
  reply.raw.once('close', () => gone.abort());
  return gone.signal;
}
