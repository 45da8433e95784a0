import type { ImportEdge } from "./graph.js";

/**
 * The libraries the pure domain may use: schema parsing, time zone offsets, HTML to text, MIME
 * parsing of a reply's bytes, and HMAC for link tokens. Anything else (an SDK, the file system, the
 * network, the logger) belongs behind a port.
 */
export const DOMAIN_LIBRARIES = ["zod", "@date-fns/tz", "html-to-text", "mailparser", "node:crypto"] as const;

/** Packages that are the AWS SDK. */
const AWS_SDK = (name: string): boolean => name.startsWith("@aws-sdk/") || name === "aws-sdk";

/** One layering rule: files under `layer` must not import what `forbids` says of an import. */
export interface LayerRule {
  name: string;
  layer: string;
  /** Why the import breaks the rule, or undefined when it is allowed. */
  forbids: (edge: ImportEdge) => string | undefined;
}

const under = (path: string, folder: string): boolean => path.startsWith(`${folder}/`);

/** A rule that forbids project folders and packages by name. */
const forbidding = (folders: readonly string[], packages: (name: string) => boolean, what: string) => (edge: ImportEdge) => {
  const { target } = edge;
  if (target.kind === "file") return folders.some((f) => under(target.path, f)) ? `${what}: ${target.path}` : undefined;
  return packages(target.name) ? `${what}: ${target.name}` : undefined;
};

/**
 * What the operator CLI may import: itself, the Lambda code (app, adapters, wiring, and the domain and
 * handlers they run), the local stack, the email templates (the render bench compiles them) and the
 * bundling settings the bench measures with. Never the CDK stacks or the tests.
 */
const CLI_REACHES = ["cli", "functions", "infra/local", "templates", "infra/constructs/bundling.ts"] as const;

export const RULES: readonly LayerRule[] = [
  {
    name: "domain imports only domain and its named libraries",
    layer: "functions/domain",
    forbids: ({ target }) => {
      if (target.kind === "file") return under(target.path, "functions/domain") ? undefined : `outside the domain: ${target.path}`;
      return (DOMAIN_LIBRARIES as readonly string[]).includes(target.name)
        ? undefined
        : `library not allowed in the domain: ${target.name}`;
    },
  },
  {
    name: "app imports no adapter, AWS SDK or handler",
    layer: "functions/app",
    forbids: forbidding(["functions/adapters", "functions/handlers"], AWS_SDK, "app reaches past its ports"),
  },
  {
    name: "adapters import no use case or handler",
    layer: "functions/adapters",
    forbids: forbidding(["functions/app", "functions/handlers"], () => false, "adapter reaches up a layer"),
  },
  {
    name: "Lambda code imports nothing from the operator CLI",
    layer: "functions",
    forbids: forbidding(["cli"], () => false, "a function bundle would carry the CLI"),
  },
  {
    name: "the CLI drives the app, adapters, wiring and local stack, not the CDK stacks",
    layer: "cli",
    forbids: ({ target }) => {
      if (target.kind === "package") return undefined;
      const allowed = CLI_REACHES.some((f) => target.path === f || under(target.path, f));
      return allowed ? undefined : `outside what the CLI may use: ${target.path}`;
    },
  },
];

export interface RuleViolation {
  rule: string;
  edge: ImportEdge;
  reason: string;
}

/** Every import that breaks a layering rule, in file order. */
export const layerViolations = (edges: readonly ImportEdge[], rules: readonly LayerRule[] = RULES): RuleViolation[] =>
  edges.flatMap((edge) =>
    rules.flatMap((rule) => {
      const reason = under(edge.from, rule.layer) ? rule.forbids(edge) : undefined;
      return reason ? [{ rule: rule.name, edge, reason }] : [];
    }),
  );
