import { isAbsolute } from "node:path";
import type { RawMailStore } from "../ports/raw-mail.js";
import type { ClientHook } from "../ports/client-hook.js";
import { FsRawMailStore } from "./fs/raw-mail.js";
import { S3RawMailStore } from "./s3/raw-mail.js";

/** The settings that choose a raw-mail store (named as in config, which passes them straight through). */
export interface RawMailConfig {
  AWS_REGION: string;
  /** An S3 bucket name, or an absolute folder path (the local stack's). */
  LEGWORK_REPLY_BUCKET: string;
  S3_ENDPOINT?: string | undefined;
  LEGWORK_REPLY_STORE_DIR?: string | undefined;
}

/**
 * Builds the raw-mail store from config: a local folder when `LEGWORK_REPLY_STORE_DIR` is set, or when
 * `LEGWORK_REPLY_BUCKET` is an absolute path (the local stack sets it so; a bucket name never starts
 * with "/"); otherwise the S3 bucket. The choice is made by configuration, not by "am I local".
 * @example const rawMail = createRawMailStore(loadConfig());
 */
export const createRawMailStore = (config: RawMailConfig, hook?: ClientHook): RawMailStore => {
  const dir = config.LEGWORK_REPLY_STORE_DIR ?? (isAbsolute(config.LEGWORK_REPLY_BUCKET) ? config.LEGWORK_REPLY_BUCKET : undefined);
  if (dir) return new FsRawMailStore(dir);
  const s3 = async () => {
    const client = new (await import("@aws-sdk/client-s3")).S3Client({
      region: config.AWS_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_ENDPOINT !== undefined,
      maxAttempts: 3,
    });
    hook?.(client);
    return client;
  };
  return new S3RawMailStore(s3, config.LEGWORK_REPLY_BUCKET);
};
