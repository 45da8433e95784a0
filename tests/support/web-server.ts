import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serveFunctionUrl } from "../../infra/local/http-adapter.js";
import { route } from "../../functions/web/router.js";
import type { Deps } from "../../functions/wiring.js";
import { settle } from "./http.js";

/**
 * Serves the web routes for `deps` on a free loopback port, through the local Function URL adapter.
 * By default the work a request leaves for after its answer (signup) is finished before the answer
 * is written, so a test sees its emails at once; `afterAnswer: true` answers first, as `npm start` does.
 */
export const startWeb = async (
  deps: Deps,
  options: { afterAnswer?: boolean } = {},
): Promise<{ url: string; server: Server; close: () => Promise<void> }> => {
  const server = serveFunctionUrl(async (event) => {
    const result = await route(event, deps);
    if (!options.afterAnswer) await settle(deps);
    return result;
  });
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
