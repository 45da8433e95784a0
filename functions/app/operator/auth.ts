import { createHmac, timingSafeEqual } from "node:crypto";
import { DynamoOperatorStore } from "../../adapters/dynamodb/operator.js";
import type { OperatorSession } from "../../adapters/dynamodb/operator.js";
import { isOperator } from "../../config.js";
import { normaliseEmail } from "../../domain/profile.js";
import { renderSignInEmail } from "./sign-in-email.js";
import { TOKEN_TTL_SECONDS, TokenError, signToken, verifyToken } from "../../domain/tokens.js";
import { logger } from "../../lib/logger.js";
import { randomId } from "../../lib/random-id.js";
import type { Deps } from "../../wiring.js";
import { envelope } from "../envelope.js";

/**
 * Operator sign-in for /admin, passwordless: a one-time link (signed `signin` token over a random nonce,
 * 15 minutes, single use: the nonce's item is deleted when it is used) emailed only to an address on the
 * operator list; then a session (signed `session` token over a random id, 8 hours, kept in the table so
 * sign-out ends it). CSRF tokens are an HMAC of the session id under the current link key.
 */
export class SignInLinkUsedError extends TokenError {}
export class NoSessionError extends TokenError {}

/** At most this many sign-in emails an hour for one address. */
export const SIGN_IN_EMAILS_PER_HOUR = 5;

export const operatorStoreOf = (deps: Pick<Deps, "doc" | "config">): DynamoOperatorStore =>
  new DynamoOperatorStore(deps.doc, deps.config.LEGWORK_TABLE);

/** A fresh one-time sign-in link for an operator (no check of the list here: callers check it). */
export const createSignInLink = async (deps: Deps, operator: string, baseUrl: string): Promise<string> => {
  const now = deps.now();
  const nonce = randomId(26);
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_SECONDS.signin * 1000).toISOString();
  await operatorStoreOf(deps).putSignInLink(nonce, normaliseEmail(operator), expiresAt);
  const token = signToken(deps.keys, { purpose: "signin", runnerId: nonce, now });
  return `${baseUrl.replace(/\/+$/, "")}/admin/sign-in?token=${token}`;
};

/**
 * POST /admin/sign-in with an address: emails a link when it is on the operator list, and does nothing
 * otherwise. The caller answers the same either way, so the list cannot be probed.
 */
export const requestSignIn = async (deps: Deps, input: { email: string; baseUrl: string }): Promise<void> => {
  const email = normaliseEmail(input.email);
  if (!isOperator(deps.config, email)) return;
  const now = deps.now();
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  if ((await deps.rateLimiter.hit(`signin#${email}`, hour, 3600)) > SIGN_IN_EMAILS_PER_HOUR) {
    logger.warn("operator sign-in emails over the hourly limit");
    return;
  }
  const link = await createSignInLink(deps, email, input.baseUrl);
  const rendered = renderSignInEmail({ link, minutes: TOKEN_TTL_SECONDS.signin / 60, postalAddress: deps.config.LEGWORK_POSTAL_ADDRESS });
  await deps.mailer.send(envelope(deps.config, { kind: "signin", to: { email }, rendered, messageKey: `signin.${randomId(16)}`, now }));
};

/** GET of the link: checks signature and expiry only, and changes nothing (mail scanners follow GETs). */
export const checkSignInToken = (deps: Deps, token: string): void => {
  verifyToken(deps.keys, token, "signin", deps.now());
};

/** POST of the link: uses it up and starts a session. Returns the session cookie value. */
export const signIn = async (deps: Deps, token: string): Promise<{ cookie: string; session: OperatorSession }> => {
  const now = deps.now();
  const nonce = verifyToken(deps.keys, token, "signin", now).runnerId;
  const store = operatorStoreOf(deps);
  const link = await store.consumeSignInLink(nonce);
  if (!link) throw new SignInLinkUsedError("this sign-in link has been used already");
  if (Date.parse(link.expiresAt) <= now.getTime() || !isOperator(deps.config, link.operator)) throw new NoSessionError("sign-in refused");
  const id = randomId(26);
  const session = { id, operator: link.operator, expiresAt: new Date(now.getTime() + TOKEN_TTL_SECONDS.session * 1000).toISOString() };
  await store.putSession(session);
  await store.logAction({ at: now.toISOString(), operator: link.operator, action: "sign-in" });
  return { cookie: signToken(deps.keys, { purpose: "session", runnerId: id, now }), session };
};

/** The session a cookie value stands for; NoSessionError for a forged, expired, ended or unknown one. */
export const sessionOf = async (deps: Deps, cookie: string | undefined): Promise<OperatorSession> => {
  if (!cookie) throw new NoSessionError("no session");
  const now = deps.now();
  let id: string;
  try {
    id = verifyToken(deps.keys, cookie, "session", now).runnerId;
  } catch {
    throw new NoSessionError("session cookie not valid");
  }
  const session = await operatorStoreOf(deps).getSession(id);
  if (!session || Date.parse(session.expiresAt) <= now.getTime() || !isOperator(deps.config, session.operator))
    throw new NoSessionError("session ended");
  return session;
};

export const signOut = async (deps: Deps, session: OperatorSession): Promise<void> => {
  await operatorStoreOf(deps).deleteSession(session.id);
  await operatorStoreOf(deps).logAction({ at: deps.now().toISOString(), operator: session.operator, action: "sign-out" });
};

/** The CSRF token of a session: an HMAC of its id, so it needs no storage and dies with the session. */
export const csrfTokenOf = (deps: Pick<Deps, "keys">, session: Pick<OperatorSession, "id">): string => {
  const secret = deps.keys.keys[deps.keys.current] ?? "";
  return createHmac("sha256", secret).update(`csrf.${session.id}`).digest("base64url");
};

/** Compares a posted CSRF token with the session's in constant time. */
export const csrfMatches = (deps: Pick<Deps, "keys">, session: Pick<OperatorSession, "id">, given: string | undefined): boolean => {
  const expected = Buffer.from(csrfTokenOf(deps, session));
  const actual = Buffer.from(given ?? "");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};
