import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DynamoCheckinRepository } from "../../functions/adapters/dynamodb/checkins.js";
import { FsRawMailStore } from "../../functions/adapters/fs/raw-mail.js";
import { handleInbound } from "../../functions/app/inbound.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { Deps } from "../../functions/wiring.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, testDeps } from "../support/stack.js";
import { replyDelivery } from "./support.js";

describe("inbound idempotency: SES delivers the same message twice", () => {
  const NOW = new Date("2027-03-02T08:00:00Z");
  let deps: Deps;
  let runner: Runner;

  beforeAll(async () => {
    deps = await testDeps({ now: () => NOW });
    Object.assign(deps, { rawMail: new FsRawMailStore(await mkdtemp(join(tmpdir(), "legwork-reliability-replies-"))) });
    runner = await activeRunner(deps, new Date("2027-03-01T00:00:00Z"));
  });

  const delivery = (messageId: string, text: string) => replyDelivery(deps, runner, messageId, text, NOW);

  const checkins = () => new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, 365).list(runner.id);

  it("one after the other: one check-in, one acknowledgement", async () => {
    const input = delivery("ses-redelivered-1", "Calves about a 6 today.");
    const first = await handleInbound(deps, input);
    const second = await handleInbound(deps, input);
    expect(first).toMatchObject({ kind: "checkin", soreness: 6 });
    expect(second).toEqual({ kind: "duplicate", runnerId: runner.id });
    expect((await checkins()).filter((c) => c.sourceId === "ses-redelivered-1")).toHaveLength(1);
    expect(await emailsTo(runner.email)).toHaveLength(1);
  });

  it("both at once (two Lambda instances): one check-in, one acknowledgement", async () => {
    const input = delivery("ses-redelivered-2", "Quads a 4 after the long run.");
    const outcomes = await Promise.all([handleInbound(deps, input), handleInbound(deps, { ...input, raw: Buffer.from(input.raw) })]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["checkin", "duplicate"]);
    expect((await checkins()).filter((c) => c.sourceId === "ses-redelivered-2")).toHaveLength(1);
    expect(await emailsTo(runner.email)).toHaveLength(2);
  });
});
