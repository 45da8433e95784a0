import { createRequire } from "node:module";
import type { AliasOptions } from "vite";

const require = createRequire(import.meta.url);

/**
 * The AWS SDK as Node loads it: its packages name an ES build ("module", extensionless imports) that
 * Node cannot run, so Vite would transform every one of its files for each process (4 s for the
 * DynamoDB client alone). Resolved by Node, the CommonJS build loads natively, as in `npm start`.
 * Smithy goes the same way, so the SDK and our code share one copy of its error classes.
 */
export const NODE_RESOLVED: AliasOptions = [
  { find: /^((?:@aws-sdk|@smithy)\/[^/]+)$/, replacement: "$1", customResolver: (id: string) => require.resolve(id) },
];
