import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FsRawMailStore } from "../../functions/adapters/fs/raw-mail.js";
import { S3RawMailStore } from "../../functions/adapters/s3/raw-mail.js";
import { inboundKey } from "../../functions/app/inbound-deliveries.js";
import { MalformedEventError } from "../../functions/handlers/events.js";
import { logger } from "../../functions/lib/logger.js";
import { RawMailNotFoundError } from "../../functions/ports/raw-mail.js";
import { DEFAULT_VERDICTS, sesEvent } from "../../infra/local/smtp.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";
import { receiveSesEvent, replyAddress, replyMime } from "./support.js";

/** The SES receipt path: the stored message's size is checked before a byte of it is read. */
const NOW = new Date("2026-12-08T09:00:00Z");
let seq = 0;

const setup = async () => {
  const deps = await testDeps({ now: () => NOW });
  Object.assign(deps, { rawMail: new FsRawMailStore(await mkdtemp(join(tmpdir(), "legwork-ses-event-"))) });
  const runner = await activeRunner(deps, new Date("2026-11-30T00:00:00Z"), { week: 1, soreAreas: ["calves"] });
  const to = replyAddress(deps, runner, NOW);
  /** Stores the message where the receipt rule's S3 action would, and returns the SES event for it. */
  const deliver = async (raw: Buffer) => {
    const messageId = `ses${Date.now()}${seq++}`;
    await deps.rawMail.put(inboundKey(messageId), raw);
    return {
      messageId,
      event: sesEvent({
        messageId,
        from: runner.email,
        recipients: [to],
        verdicts: DEFAULT_VERDICTS,
        at: NOW,
        bucketKey: inboundKey(messageId),
      }),
    };
  };
  return { deps, runner, to, deliver };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the inbound handler", () => {
  it("drops a 5 MB message by its stored size, without reading it, and removes the inbound copy", async () => {
    // Arrange
    const { deps, runner, to, deliver } = await setup();
    const { messageId, event } = await deliver(await replyMime({ from: runner.email, to, text: `STOP ${"x".repeat(5 * 1024 * 1024)}` }));
    const before = await scanTable(deps);
    const get = vi.spyOn(deps.rawMail, "get");

    // Act
    const outcomes = await receiveSesEvent(deps, event);

    // Assess
    expect(outcomes).toEqual([{ kind: "rejected", reason: "too_large" }]);
    expect(get).not.toHaveBeenCalled();
    await expect(deps.rawMail.size(inboundKey(messageId))).rejects.toBeInstanceOf(RawMailNotFoundError);
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(runner.email)).toHaveLength(0);
  });

  it("reads, handles and removes a message within the limit (the control)", async () => {
    // Arrange
    const { deps, runner, to, deliver } = await setup();
    const { messageId, event } = await deliver(await replyMime({ from: runner.email, to, text: "calves 6" }));
    const get = vi.spyOn(deps.rawMail, "get");

    // Act
    const outcomes = await receiveSesEvent(deps, event);

    // Assess
    expect(outcomes).toMatchObject([{ kind: "checkin", soreness: 6 }]);
    expect(get).toHaveBeenCalledTimes(1);
    await expect(deps.rawMail.size(inboundKey(messageId))).rejects.toBeInstanceOf(RawMailNotFoundError);
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toEqual(["Got it: 6/10, calves"]);
  });

  it("a message exactly at the limit is read", async () => {
    // Arrange
    const { deps, runner, to, deliver } = await setup();
    const body = await replyMime({ from: runner.email, to, text: "calves 3" });
    const limit = body.length;
    Object.assign(deps, { config: { ...deps.config, LEGWORK_INBOUND_MAX_BYTES: limit } });
    const { event } = await deliver(body);

    // Act
    const outcomes = await receiveSesEvent(deps, event);

    // Assess
    expect(outcomes).toMatchObject([{ kind: "checkin", soreness: 3 }]);
  });
});

describe("the inbound handler on a malformed event", () => {
  it.each([
    ["no Records", {}, ["Records: "]],
    ["null", null, ["(event): "]],
    [
      "a record without its message id or timestamp",
      { Records: [{ ses: { mail: {}, receipt: {} } }] },
      ["Records.0.ses.mail.messageId", "Records.0.ses.mail.timestamp"],
    ],
    [
      "recipients of the wrong shape",
      { Records: [{ ses: { mail: { messageId: "m1", timestamp: "2026-12-08T09:00:00Z" }, receipt: { recipients: "a" } } }] },
      ["Records.0.ses.receipt.recipients"],
    ],
  ])("%s: a logged MalformedEventError naming the fields, and nothing read or changed", async (_label, event, fields) => {
    // Arrange
    const { deps } = await setup();
    const before = await scanTable(deps);
    const size = vi.spyOn(deps.rawMail, "size");
    const logged: unknown[][] = [];
    vi.spyOn(logger, "error").mockImplementation((...args: unknown[]) => void logged.push(args));

    // Act
    const outcome = receiveSesEvent(deps, event);

    // Assess
    const error = await outcome.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MalformedEventError);
    for (const field of fields) expect((error as MalformedEventError).message).toContain(field);
    expect(JSON.stringify(logged)).toContain("malformed SES receipt event");
    for (const field of fields) expect(JSON.stringify(logged)).toContain(field);
    expect(size).not.toHaveBeenCalled();
    expect(await scanTable(deps)).toEqual(before);
  });
});

describe("RawMailStore.size", () => {
  it("the local folder store gives the byte size, and RawMailNotFoundError for a missing key", async () => {
    // Arrange
    const store = new FsRawMailStore(await mkdtemp(join(tmpdir(), "legwork-size-")));
    await store.put("inbound/m1", Buffer.alloc(12_345, 0x61));

    // Act
    const size = await store.size("inbound/m1");

    // Assess
    expect(size).toBe(12_345);
    await expect(store.size("inbound/missing")).rejects.toBeInstanceOf(RawMailNotFoundError);
  });

  it("the S3 store asks HeadObject (never GetObject) and maps NotFound to RawMailNotFoundError", async () => {
    // Arrange
    const sent: { name: string; input: unknown }[] = [];
    const client = {
      send: async (command: { constructor: { name: string }; input: { Key?: string } }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        if (command.input.Key === "inbound/missing") throw Object.assign(new Error("not found"), { name: "NotFound" });
        return { ContentLength: 5 * 1024 * 1024 };
      },
    };
    const store = new S3RawMailStore(client as never, "legwork-replies");

    // Act
    const size = await store.size("inbound/m1");

    // Assess
    expect(size).toBe(5 * 1024 * 1024);
    await expect(store.size("inbound/missing")).rejects.toBeInstanceOf(RawMailNotFoundError);
    expect(sent.map((s) => s.name)).toEqual(["HeadObjectCommand", "HeadObjectCommand"]);
    expect(sent[0]!.input).toEqual({ Bucket: "legwork-replies", Key: "inbound/m1" });
  });
});
