import { describe, it } from 'vitest';

/**
 * A describe block that needs an engine (PostgreSQL, Redis): skipped with the reason in its title when the
 * engine is missing on a developer's machine (`missing` says why), failed when it is missing in CI (`CI` set),
 * where .ci/run must have installed it.
 */
export function describeWithEngine(engine: string, missing: string | null, name: string, body: () => void): void {
  if (!missing) describe(name, body);
  else if (process.env.CI) describe(name, () => it(`has ${engine} to run against`, () => { throw new Error(missing); }));
  else {
    console.warn(`${name}: skipped, ${missing}`);
    describe.skip(`${name} (skipped: ${missing})`, body);
  }
}
