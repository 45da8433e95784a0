import { describe, expect, it } from "vitest";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DUE_SHARDS, dueShard } from "../../functions/adapters/dynamodb/keys.js";
import { queryShardsUpTo } from "../../functions/adapters/dynamodb/queries.js";
import { newRunnerId } from "../../functions/app/signup.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { Deps } from "../../functions/wiring.js";
import { activeRunner } from "../support/runners.js";
import { testDeps } from "../support/stack.js";

const START = new Date("2027-03-01T00:00:00Z");
const LATER = new Date(START.getTime() + 8 * 86_400_000);

/** An active runner whose id hashes to `shard` of the due index. */
const runnerInShard = async (deps: Deps, shard: number): Promise<Runner> => {
  let id = newRunnerId();
  while (dueShard(id) !== `DUE#${shard}`) id = newRunnerId();
  return activeRunner(deps, START, { id });
};

/** A document client on the test table whose Queries on the named index partition fail; `failed` settles at the first. */
const failingShard = (deps: Deps, failing: string) => {
  const client = new DynamoDBClient({ region: deps.config.AWS_REGION, endpoint: deps.config.DYNAMODB_ENDPOINT, maxAttempts: 1 });
  let signal: () => void = () => undefined;
  const failed = new Promise<void>((resolve) => (signal = resolve));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const value = (args.input as { ExpressionAttributeValues?: Record<string, unknown> }).ExpressionAttributeValues?.[":shard"];
      const shard = typeof value === "string" ? value : (value as { S?: string } | undefined)?.S;
      if (context.commandName === "QueryCommand" && shard === failing) {
        signal();
        throw Object.assign(new Error("injected"), { name: "InjectedFailure" });
      }
      return next(args);
    },
    { step: "initialize", name: "failShard" },
  );
  return { doc: DynamoDBDocumentClient.from(client), failed };
};

/** Lets Node report any rejection that nobody handled (it does so once the microtasks have run). */
const afterPendingRejections = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

const drain = async (gen: AsyncGenerator<Runner>): Promise<string[]> => {
  const ids: string[] = [];
  for await (const runner of gen) ids.push(runner.id);
  return ids;
};

describe("the sharded due Query", () => {
  it("finds every due runner once, in every shard, across pages, and counts the items it read", async () => {
    // Prepare
    const deps = await testDeps({ role: "dispatcher" });
    const runners = [];
    for (let shard = 0; shard < DUE_SHARDS; shard++) runners.push(await runnerInShard(deps, shard), await runnerInShard(deps, shard));
    let read = 0;

    // Act
    const ids = await drain(
      queryShardsUpTo(deps.doc, deps.config.LEGWORK_TABLE, { prefix: "DUE#", now: LATER, pageSize: 1, onRead: (n) => (read += n) }),
    );
    const early = await drain(queryShardsUpTo(deps.doc, deps.config.LEGWORK_TABLE, { prefix: "DUE#", now: START }));

    // Assess
    expect(ids.sort()).toEqual(runners.map((r) => r.id).sort());
    expect(read).toBe(runners.length);
    expect(early).toEqual([]);
  });

  it("a failed Query reaches the caller that reads that shard; a caller that stopped before it sees nothing", async () => {
    // Prepare
    const deps = await testDeps({ role: "dispatcher" });
    const first = await runnerInShard(deps, 0);
    await runnerInShard(deps, DUE_SHARDS - 1);
    const { doc, failed } = failingShard(deps, `DUE#${DUE_SHARDS - 1}`);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);

    try {
      // Act
      let taken: string | undefined;
      for await (const runner of queryShardsUpTo(doc, deps.config.LEGWORK_TABLE, { prefix: "DUE#", now: LATER })) {
        taken = runner.id;
        break;
      }
      await failed; // the abandoned generator's Query of the last shard has failed...
      await afterPendingRejections(); // ...and Node has had its chance to call that unhandled
      const draining = drain(queryShardsUpTo(doc, deps.config.LEGWORK_TABLE, { prefix: "DUE#", now: LATER }));

      // Assess
      expect(taken).toBe(first.id);
      await expect(draining).rejects.toMatchObject({ name: "InjectedFailure" });
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
