import type { S3Client } from "@aws-sdk/client-s3";
import type { RawMailStore } from "../../ports/raw-mail.js";
import { RawMailNotFoundError, assertRawMailKey, assertRawMailPrefix } from "../../ports/raw-mail.js";

const isMissing = (error: unknown): boolean => error instanceof Error && (error.name === "NoSuchKey" || error.name === "NotFound");

/** The S3 SDK loads on first use: most functions never touch raw replies, and it costs cold-start time. */
const sdk = () => import("@aws-sdk/client-s3");

type S3Like = Pick<S3Client, "send">;

/**
 * Raw replies in the reply bucket. Only SDK I/O: keys are checked by the port's rules, so the same key
 * means the same thing here and in the local folder store.
 * @example const store = new S3RawMailStore(new S3Client({}), "legwork-replies"); await store.list("replies/abc123def/");
 */
export class S3RawMailStore implements RawMailStore {
  private client: Promise<S3Like> | undefined;

  /** `s3` is a client, or a factory called once on first use. */
  constructor(
    private readonly s3: S3Like | (() => Promise<S3Like>),
    private readonly bucket: string,
  ) {}

  private connect(): Promise<S3Like> {
    this.client ??= typeof this.s3 === "function" ? this.s3() : Promise.resolve(this.s3);
    return this.client;
  }

  async put(key: string, body: Buffer): Promise<void> {
    const { PutObjectCommand } = await sdk();
    await (
      await this.connect()
    ).send(new PutObjectCommand({ Bucket: this.bucket, Key: assertRawMailKey(key), Body: body, ContentType: "message/rfc822" }));
  }

  async get(key: string): Promise<Buffer> {
    const { GetObjectCommand } = await sdk();
    try {
      const out = await (await this.connect()).send(new GetObjectCommand({ Bucket: this.bucket, Key: assertRawMailKey(key) }));
      if (!out.Body) throw new RawMailNotFoundError("raw mail object has no body");
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      if (isMissing(error)) throw new RawMailNotFoundError("no raw mail under this key", { cause: error });
      throw error;
    }
  }

  async size(key: string): Promise<number> {
    const { HeadObjectCommand } = await sdk();
    try {
      const out = await (await this.connect()).send(new HeadObjectCommand({ Bucket: this.bucket, Key: assertRawMailKey(key) }));
      return out.ContentLength ?? 0;
    } catch (error) {
      if (isMissing(error)) throw new RawMailNotFoundError("no raw mail under this key", { cause: error });
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    const { ListObjectsV2Command } = await sdk();
    do {
      const page = await (
        await this.connect()
      ).send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: assertRawMailPrefix(prefix), ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    const { DeleteObjectCommand } = await sdk();
    await (await this.connect()).send(new DeleteObjectCommand({ Bucket: this.bucket, Key: assertRawMailKey(key) }));
  }
}
