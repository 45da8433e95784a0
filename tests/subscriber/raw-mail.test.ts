import { existsSync } from "node:fs";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { FsRawMailStore } from "../../functions/adapters/fs/raw-mail.js";
import { createRawMailStore } from "../../functions/adapters/raw-mail-store.js";
import { S3RawMailStore } from "../../functions/adapters/s3/raw-mail.js";
import type { RawMailStore } from "../../functions/ports/raw-mail.js";
import { RawMailKeyError, RawMailNotFoundError, replyKey } from "../../functions/ports/raw-mail.js";

/** An in-memory stand-in for the four S3 calls, with 2-key pages to exercise continuation. */
const fakeS3 = () => {
  const objects = new Map<string, Buffer>();
  const calls: string[] = [];
  const send = async (command: unknown): Promise<unknown> => {
    const input = (command as { input: Record<string, unknown> }).input;
    calls.push(`${(command as object).constructor.name} ${String(input["Bucket"])}`);
    if (command instanceof PutObjectCommand) objects.set(String(input["Key"]), Buffer.from(input["Body"] as Buffer));
    else if (command instanceof GetObjectCommand) {
      const body = objects.get(String(input["Key"]));
      if (!body) throw Object.assign(new Error("missing"), { name: "NoSuchKey" });
      return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
    } else if (command instanceof DeleteObjectCommand) objects.delete(String(input["Key"]));
    else if (command instanceof ListObjectsV2Command) {
      const all = [...objects.keys()].filter((k) => k.startsWith(String(input["Prefix"] ?? ""))).sort();
      const start = Number(input["ContinuationToken"] ?? 0);
      const page = all.slice(start, start + 2);
      const more = start + 2 < all.length;
      return { Contents: page.map((Key) => ({ Key })), IsTruncated: more, NextContinuationToken: more ? String(start + 2) : undefined };
    }
    return {};
  };
  return { client: { send } as never, objects, calls };
};

const contract = (name: string, make: () => Promise<RawMailStore>) =>
  describe(`${name} raw-mail store`, () => {
    it("puts, gets, lists by prefix (sorted, across pages) and deletes", async () => {
      const store = await make();
      const keys = [
        "replies/aaa111bbb/m3.eml",
        "replies/aaa111bbb/m1.eml",
        "replies/aaa111bbb/m2.eml",
        "replies/ccc222ddd/m1.eml",
        "inbound/x1",
      ];
      for (const key of keys) await store.put(key, Buffer.from(`body of ${key}`));
      expect((await store.get("replies/aaa111bbb/m2.eml")).toString()).toBe("body of replies/aaa111bbb/m2.eml");
      expect(await store.list("replies/aaa111bbb/")).toEqual([
        "replies/aaa111bbb/m1.eml",
        "replies/aaa111bbb/m2.eml",
        "replies/aaa111bbb/m3.eml",
      ]);
      expect(await store.list("")).toEqual([...keys].sort());
      expect(await store.list("replies/nobody12/")).toEqual([]);
      await store.delete("replies/aaa111bbb/m1.eml");
      await store.delete("replies/aaa111bbb/never.eml");
      expect(await store.list("replies/aaa111bbb/")).toEqual(["replies/aaa111bbb/m2.eml", "replies/aaa111bbb/m3.eml"]);
      await expect(store.get("replies/aaa111bbb/m1.eml")).rejects.toBeInstanceOf(RawMailNotFoundError);
    });

    it.each([
      ["../etc/passwd"],
      ["replies/../../x"],
      ["/abs/path"],
      ["replies//x"],
      ["a\\b"],
      ["replies/./x"],
      [""],
      ["a/b\u0000c"],
      ["replies/x/"],
    ])("refuses the key %j for every operation", async (key) => {
      const store = await make();
      await expect(store.put(key, Buffer.from("x"))).rejects.toBeInstanceOf(RawMailKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(RawMailKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(RawMailKeyError);
    });

    it("refuses a listing prefix that climbs out", async () => {
      const store = await make();
      await expect(store.list("../")).rejects.toBeInstanceOf(RawMailKeyError);
      await expect(store.list("replies/../../")).rejects.toBeInstanceOf(RawMailKeyError);
    });
  });

contract("local folder", async () => new FsRawMailStore(await mkdtemp(join(tmpdir(), "legwork-raw-"))));
contract("S3", async () => new S3RawMailStore(fakeS3().client, "legwork-replies"));

describe("raw-mail store details", () => {
  it("the folder store leaves no empty runner folder behind and never lists half-written files", async () => {
    const dir = await mkdtemp(join(tmpdir(), "legwork-raw-"));
    const store = new FsRawMailStore(dir);
    await store.put("replies/aaa111bbb/m1.eml", Buffer.from("x"));
    await writeFile(join(dir, "replies", "aaa111bbb", "m2.eml.123.tmp"), "partial");
    expect(await store.list("replies/")).toEqual(["replies/aaa111bbb/m1.eml"]);
    await store.delete("replies/aaa111bbb/m1.eml");
    expect(existsSync(join(dir, "replies", "aaa111bbb", "m1.eml"))).toBe(false);
    await store.delete("replies/aaa111bbb/m2.eml.123.tmp");
    expect(existsSync(join(dir, "replies", "aaa111bbb"))).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it("the S3 store talks to its bucket only", async () => {
    const s3 = fakeS3();
    const store = new S3RawMailStore(s3.client, "legwork-replies");
    await store.put("replies/aaa111bbb/m1.eml", Buffer.from("x"));
    await store.list("replies/");
    expect(s3.calls.every((c) => c.endsWith(" legwork-replies"))).toBe(true);
  });

  it("replyKey makes any Message-ID a safe key under the runner's folder", () => {
    expect(replyKey("aaa111bbb", "<CAF=x+y@mail.gmail.com>")).toBe("replies/aaa111bbb/CAF=x+y@mail.gmail.com.eml");
    expect(replyKey("aaa111bbb", "<../../etc/passwd>")).toBe("replies/aaa111bbb/__.._etc_passwd.eml");
    expect(replyKey("aaa111bbb", "")).toBe("replies/aaa111bbb/message.eml");
  });

  it("config chooses the store: an absolute path (the local stack) is a folder, a bucket name is S3", () => {
    const base = { AWS_REGION: "eu-west-1", S3_ENDPOINT: undefined };
    expect(createRawMailStore({ ...base, LEGWORK_REPLY_BUCKET: "/tmp/legwork/replies" })).toBeInstanceOf(FsRawMailStore);
    expect(createRawMailStore({ ...base, LEGWORK_REPLY_BUCKET: "legwork-replies", LEGWORK_REPLY_STORE_DIR: "/tmp/x" })).toBeInstanceOf(
      FsRawMailStore,
    );
    expect(createRawMailStore({ ...base, LEGWORK_REPLY_BUCKET: "legwork-replies" })).toBeInstanceOf(S3RawMailStore);
  });
});
