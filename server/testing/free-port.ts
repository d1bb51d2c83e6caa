import { createServer, type AddressInfo } from 'node:net';

/** A loopback port nobody listens on now: the OS picks it, and the short window before the caller binds it is
 * accepted in tests (servers, engines and fakes started by a test each take one). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
