import { LegworkError } from "../domain/errors.js";

/**
 * Where raw inbound replies live: S3 in AWS, a local folder on a laptop. Keys are relative,
 * slash-separated paths; a runner's replies sit under `replies/<runnerId>/<messageId>.eml`.
 */
export interface RawMailStore {
  put(key: string, body: Buffer): Promise<void>;
  /** The stored bytes; RawMailNotFoundError when the key holds nothing. */
  get(key: string): Promise<Buffer>;
  /** The object's size in bytes, without reading it (HeadObject, stat); RawMailNotFoundError when missing. */
  size(key: string): Promise<number>;
  /** Every key that starts with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export class RawMailKeyError extends LegworkError {}
export class RawMailNotFoundError extends LegworkError {}

const SEGMENT = /^[A-Za-z0-9._+=@-]+$/;

/**
 * Accepts only relative keys made of plain segments, so a key can never climb out of the store
 * (`..`), start at the root, or smuggle a backslash or control character into a path.
 * @example assertRawMailKey("replies/abc123def/m1.eml")
 */
export const assertRawMailKey = (key: string): string => {
  const segments = key.split("/");
  if (key.length === 0 || key.length > 512 || segments.some((s) => s === "" || s === "." || s === ".." || !SEGMENT.test(s)))
    throw new RawMailKeyError("raw mail key must be a relative path of plain segments");
  return key;
};

/** A listing prefix: "" (everything), or a key-like path that may end in "/". */
export const assertRawMailPrefix = (prefix: string): string => {
  if (prefix === "") return prefix;
  assertRawMailKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  return prefix;
};

/** The folder holding one runner's raw replies (data-rights export and deletion read it). */
export const repliesPrefix = (runnerId: string): string => `replies/${assertRawMailKey(runnerId)}/`;

/**
 * The key of one raw reply. Message-IDs carry `<`, `>` and other characters that are not path-safe;
 * anything outside the safe set becomes `_`.
 * @example replyKey("abc123def", "<CAF=x@mail.gmail.com>") // "replies/abc123def/CAF=x@mail.gmail.com.eml"
 */
export const replyKey = (runnerId: string, messageId: string): string => {
  const safe =
    messageId
      .replace(/^<|>$/g, "")
      .replace(/[^A-Za-z0-9._+=@-]/g, "_")
      .replace(/^\.+/, "_")
      .slice(0, 200) || "message";
  return `${repliesPrefix(runnerId)}${safe}.eml`;
};
