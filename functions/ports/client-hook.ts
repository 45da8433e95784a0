/**
 * Called with every AWS SDK client Legwork builds (wiring and adapters), before its first call. Production
 * passes none; local runs and tests add the IAM guard middleware with it (infra/local/iam/guard.ts).
 */
export type ClientHook = (client: { middlewareStack: object }) => void;
