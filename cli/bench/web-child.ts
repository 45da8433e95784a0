/**
 * The local web server for the load test, in its own process: the real web handler (middy, Powertools,
 * the router, real DynamoDB and SES calls) behind infra/local/http-adapter.ts, as `npm start` serves it.
 * Config comes from the environment the parent sets; the port goes back over IPC.
 */
import type { AddressInfo } from "node:net";
import { serveFunctionUrl } from "../../infra/local/http-adapter.js";

const { handler } = await import("../../functions/handlers/web.js");
const server = serveFunctionUrl(handler);
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
process.send?.({ port: (server.address() as AddressInfo).port });
process.on("disconnect", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
