import type { S3Client } from "@aws-sdk/client-s3";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand } from "@aws-sdk/client-s3";
import type { RawMailStore } from "../../ports/raw-mail.js";
import { RawMailNotFoundError, assertRawMailKey, assertRawMailPrefix } from "../../ports/raw-mail.js";

const isMissing = (error: unknown): boolean =>
  error instanceof NoSuchKey || (error instanceof Error && (error.name === "NoSuchKey" || error.name === "NotFound"));

/**
 * Raw replies in the reply bucket. Only SDK I/O: keys are checked by the port's rules, so the same key
 * means the same thing here and in the local folder store.
 * @example const store = new S3RawMailStore(new S3Client({}), "legwork-replies"); await store.list("replies/abc123def/");
 */
export class S3RawMailStore implements RawMailStore {
  constructor(
    private readonly s3: Pick<S3Client, "send">,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Buffer): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: assertRawMailKey(key), Body: body, ContentType: "message/rfc822" }),
    );
  }

  async get(key: string): Promise<Buffer> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: assertRawMailKey(key) }));
      if (!out.Body) throw new RawMailNotFoundError("raw mail object has no body");
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      if (isMissing(error)) throw new RawMailNotFoundError("no raw mail under this key", { cause: error });
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: assertRawMailPrefix(prefix), ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: assertRawMailKey(key) }));
  }
}
