import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serveFunctionUrl } from "../../infra/local/http-adapter.js";
import { route } from "../../functions/web/router.js";
import type { Deps } from "../../functions/wiring.js";

/** Serves the web routes for `deps` on a free loopback port, through the local Function URL adapter. */
export const startWeb = async (deps: Deps): Promise<{ url: string; server: Server; close: () => Promise<void> }> => {
  const server = serveFunctionUrl(async (event) => route(event, deps));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
