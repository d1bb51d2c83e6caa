import type { ProviderName } from '../config.ts';
import { buildAkoolProvider } from './akool/akool-factory.ts';
import { buildLocalProvider } from './local-provider.ts';
import type { BuiltProvider, ProviderContext, ProviderFactory } from './provider.ts';

/** Every provider PROVIDER may name, by that name. A new one adds its name to ProviderName (config.ts) and
 * its factory here; the type makes the two agree. Its code, tests and routes live in a folder of its own. */
const PROVIDERS: Readonly<Record<ProviderName, ProviderFactory>> = {
  local: buildLocalProvider,
  akool: buildAkoolProvider,
};

/** Builds the configured provider (config.provider) and the routes it brings. */
export function buildProvider(context: ProviderContext): BuiltProvider {
  return PROVIDERS[context.config.provider](context);
}
