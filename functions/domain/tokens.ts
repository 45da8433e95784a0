import { createHmac, timingSafeEqual } from "node:crypto";
import { LegworkError } from "./errors.js";

/**
 * Signed link tokens: `<kid>.<purpose><runnerId>.<expiry>.<signature>`, all lower-case base32/base36 so a
 * token survives mail systems that fold case and fits an address local part (`checkin+<token>@…`, ≤ 64).
 * The signature is HMAC-SHA256 over the first three parts, truncated to 120 bits.
 */
export const TOKEN_PURPOSES = ["confirm", "unsubscribe", "checkin", "prefs", "data", "signin", "session"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

const PURPOSE_CODE: Record<TokenPurpose, string> = {
  confirm: "c",
  unsubscribe: "u",
  checkin: "k",
  prefs: "p",
  data: "d",
  signin: "s",
  session: "o",
};
const CODE_PURPOSE = new Map(Object.entries(PURPOSE_CODE).map(([p, c]) => [c, p as TokenPurpose]));

/** How long each kind of link stays valid. Unsubscribe links live long: old emails must keep working. */
export const TOKEN_TTL_SECONDS: Record<TokenPurpose, number> = {
  confirm: 7 * 86_400,
  unsubscribe: 2 * 365 * 86_400,
  checkin: 60 * 86_400,
  prefs: 365 * 86_400,
  data: 7 * 86_400,
  /** An operator's one-time sign-in link (the subject is the link's nonce, not a runner). */
  signin: 15 * 60,
  /** An operator's /admin session cookie (the subject is the session id). */
  session: 8 * 3_600,
};

/** Signing keys: `current` signs, every key in `keys` verifies. */
export interface TokenKeys {
  current: string;
  keys: Readonly<Record<string, string>>;
}

export interface TokenClaims {
  purpose: TokenPurpose;
  runnerId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  kid: string;
}

export class TokenError extends LegworkError {}
export class MalformedTokenError extends TokenError {}
export class ForgedTokenError extends TokenError {}
export class ExpiredTokenError extends TokenError {}
export class WrongPurposeTokenError extends TokenError {}
export class UnknownKeyTokenError extends TokenError {}

const KID = /^[a-z0-9]{1,8}$/;
const RUNNER_ID = /^[a-z0-9]{6,32}$/;
const SIG_BYTES = 15;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

const base32 = (bytes: Uint8Array): string => {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
};

const sign = (secret: string, body: string): string => base32(createHmac("sha256", secret).update(body).digest().subarray(0, SIG_BYTES));

/** Parses the flat key JSON `{"current":"k1","k1":"…","k2":"…"}` used in env and Secrets Manager. */
export const parseTokenKeys = (json: string): TokenKeys => {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new TokenError("token keys are not valid JSON", { cause: error });
  }
  if (!raw || typeof raw !== "object") throw new TokenError("token keys must be a JSON object");
  const { current, ...rest } = raw as Record<string, unknown>;
  const keys: Record<string, string> = {};
  for (const [kid, secret] of Object.entries(rest)) {
    if (!KID.test(kid)) throw new TokenError(`token key id "${kid}" must be 1-8 lower-case letters or digits`);
    if (typeof secret !== "string" || secret.length < 32)
      throw new TokenError(`token key "${kid}" must be a string of at least 32 characters`);
    keys[kid] = secret;
  }
  if (typeof current !== "string" || !Object.hasOwn(keys, current))
    throw new TokenError('token keys need "current" naming one of the keys');
  return { current, keys };
};

/**
 * Signs a token for one purpose and runner.
 * @example signToken(keys, { purpose: "confirm", runnerId: "abc123def", now: new Date() })
 */
export const signToken = (keys: TokenKeys, input: { purpose: TokenPurpose; runnerId: string; now: Date; ttlSeconds?: number }): string => {
  if (!RUNNER_ID.test(input.runnerId)) throw new TokenError("runner id is not token-safe");
  const secret = keys.keys[keys.current];
  if (!secret) throw new UnknownKeyTokenError("current key is missing");
  const exp = Math.floor(input.now.getTime() / 1000) + (input.ttlSeconds ?? TOKEN_TTL_SECONDS[input.purpose]);
  const body = `${keys.current}.${PURPOSE_CODE[input.purpose]}${input.runnerId}.${exp.toString(36)}`;
  return `${body}.${sign(secret, body)}`;
};

const TOKEN_SHAPE = /^([a-z0-9]{1,8})\.([a-z])([a-z0-9]{6,32})\.([a-z0-9]{1,10})\.([a-z2-7]{24})$/;

/**
 * Verifies a token in constant time and returns its claims; each failure is its own error class.
 * @example verifyToken(keys, token, "unsubscribe", new Date()).runnerId
 */
export const verifyToken = (keys: TokenKeys, token: string, purpose: TokenPurpose, now: Date): TokenClaims => {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) throw new MalformedTokenError("token is malformed");
  const [, kid, code, runnerId, expText, sig] = match as unknown as [string, string, string, string, string, string];
  const secret = keys.keys[kid];
  if (!secret) throw new UnknownKeyTokenError("token was signed with an unknown key");
  const expected = Buffer.from(sign(secret, token.slice(0, token.lastIndexOf("."))));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new ForgedTokenError("token signature does not match");
  const tokenPurpose = CODE_PURPOSE.get(code);
  if (tokenPurpose !== purpose) throw new WrongPurposeTokenError(`token is not for ${purpose}`);
  const exp = parseInt(expText, 36);
  if (exp * 1000 <= now.getTime()) throw new ExpiredTokenError("token has expired");
  return { purpose: tokenPurpose, runnerId, exp, kid };
};
