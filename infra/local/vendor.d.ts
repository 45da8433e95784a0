declare module "dynalite" {
  import type { Server } from "node:http";
  interface DynaliteOptions {
    path?: string | undefined;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
  }
  const dynalite: (options?: DynaliteOptions) => Server;
  export default dynalite;
}
