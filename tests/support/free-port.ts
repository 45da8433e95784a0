import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

/** A loopback TCP port that was free a moment ago (the OS picks it), for engines started by the tests. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
