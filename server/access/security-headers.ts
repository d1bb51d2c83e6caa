import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every answer. The built app has no inline script (Vite emits module files),
 * so scripts come from 'self' only. Konva draws on canvas from same-origin, blob: (object URLs of local files)
 * and data: images. React applies `style` props through the CSSOM (element.style), which CSP does not govern,
 * and the build has no <style> element or style attribute, so styles need no 'unsafe-inline' either
 * (server/access/csp-browser.test.ts proves the app works under this policy in Chromium). Nothing may frame the
 * app, and no plugin, base or foreign form target is allowed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self' blob: data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "media-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every answer carries. HSTS only when the public address is https (it would break plain http). */
export function securityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const headers = Object.entries(securityHeaders(options));
  // Runs for every answer: a callback hook (no promise per request) over entries computed once.
  app.addHook('onSend', (_request, reply, payload, done) => {
    for (const [name, value] of headers) if (!reply.hasHeader(name)) reply.header(name, value);
    done(null, payload);
  });
}
