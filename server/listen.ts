import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on `port` and `host`; the address taken (port 0: the one the system chose), or the error. */
export function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}
