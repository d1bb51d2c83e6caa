import type { ServerConfig } from '../../config.ts';
import type { ProviderFactory } from '../provider.ts';
import { AkoolClient } from './akool-client.ts';
import { AkoolProvider } from './akool-provider.ts';
import { isUsableWebhookSecret } from './akool-webhook-cipher.ts';
import { registerAkoolWebhookRoutes, type WebhookKeys } from './akool-webhook-routes.ts';

/** The keys that verify and decrypt Akool's callbacks, when configured and usable. */
function webhookKeys(config: ServerConfig): WebhookKeys | null {
  const credentials = config.akool.credentials;
  if (!credentials?.clientId || !credentials.clientSecret || !isUsableWebhookSecret(credentials.clientSecret)) return null;
  return { clientId: credentials.clientId, clientSecret: credentials.clientSecret };
}

/** PROVIDER=akool: renders through Akool with the server's credentials, and brings Akool's callback route.
 * Without a PUBLIC_BASE_URL and usable client keys Akool is not told to call back, and jobs are polled. */
export const buildAkoolProvider: ProviderFactory = ({ config, deps, signer, webhookEvents }) => {
  const keys = webhookKeys(config);
  const webhookUrl = config.publicBaseUrl && keys ? `${config.publicBaseUrl}/api/webhooks/akool` : null;
  if (!webhookUrl) {
    deps.log.warn(
      config.publicBaseUrl
        ? 'Akool webhooks are off (they need AKOOL_CLIENT_ID and a 16/24/32-character AKOOL_CLIENT_SECRET to verify): jobs are polled'
        : 'Akool webhooks are off (PUBLIC_BASE_URL is not set): jobs are polled',
    );
  }
  const provider = new AkoolProvider(deps, {
    settings: config.akool,
    client: new AkoolClient(config.akool.baseUrl, config.akool.credentials!, config.akool.requestTimeoutMs),
    publicBaseUrl: config.publicBaseUrl,
    webhookUrl,
    jobTimeoutMs: config.jobTimeoutMs,
    fetchAllowHosts: config.fetchAllowHosts,
    fetchTimeoutMs: config.fetchTimeoutMs,
    signer,
    webhookEvents,
    claimSubmits: config.engines.queue.kind === 'redis',
  });
  return {
    provider,
    routes: (app) => registerAkoolWebhookRoutes(app, { provider, keys, maxAgeMs: config.webhookMaxAgeMs }),
  };
};
