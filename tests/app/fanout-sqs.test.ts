import { describe, expect, it } from "vitest";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { SendMessageBatchCommandInput } from "@aws-sdk/client-sqs";
import { SqsSendQueue } from "../../functions/adapters/sqs/send-queue.js";
import type { SendJob } from "../../functions/ports/queue.js";
import { parseSendJob } from "../../functions/ports/queue.js";

const START = new Date("2027-03-01T00:00:00Z");
const QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/000000000000/legwork-sends";

describe("SQS adapter", () => {
  it("sends ten jobs a SendMessageBatch and returns the entries SQS did not take", async () => {
    // Prepare: an SQS client that answers locally, failing the second entry of every batch.
    const batches: SendMessageBatchCommandInput[] = [];
    const client = new SQSClient({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    client.middlewareStack.add(
      () => async (args) => {
        const input = args.input as SendMessageBatchCommandInput;
        batches.push(input);
        const entries = input.Entries ?? [];
        return {
          output: {
            $metadata: {},
            Successful: entries.filter((e) => e.Id !== "1").map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: "" })),
            Failed: entries.filter((e) => e.Id === "1").map((e) => ({ Id: e.Id, SenderFault: false, Code: "InternalError" })),
          },
          response: {},
        } as never;
      },
      { step: "initialize", name: "answerLocally" },
    );
    const queue = new SqsSendQueue(QUEUE_URL, "eu-west-1", client);
    const jobs = Array.from({ length: 23 }, (_, i): SendJob => ({
      runnerId: `runner${String(i).padStart(3, "0")}`,
      week: 2,
      enqueuedAt: START.toISOString(),
    }));

    // Act
    const { failed } = await queue.enqueue(jobs);

    // Assess
    expect(batches.map((b) => b.Entries?.length)).toEqual([10, 10, 3]);
    expect(batches.every((b) => b.QueueUrl === QUEUE_URL)).toBe(true);
    expect(batches.flatMap((b) => b.Entries ?? []).map((e) => parseSendJob(e.MessageBody ?? ""))).toEqual(jobs);
    expect(failed).toEqual([jobs[1], jobs[11], jobs[21]]);
  });
});
