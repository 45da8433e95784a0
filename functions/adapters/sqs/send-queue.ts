import type * as Sqs from "@aws-sdk/client-sqs";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SendJob, SendQueue } from "../../ports/queue.js";
import { QUEUE_BATCH_SIZE, sendJobBody } from "../../ports/queue.js";
import type { ClientHook } from "../../ports/client-hook.js";

type SqsModule = typeof Sqs;

/**
 * SQS SendMessageBatch, ten jobs a request. The SQS client is loaded on first use, so only the
 * dispatcher in fan-out mode pays for it at cold start.
 */
export class SqsSendQueue implements SendQueue {
  private sqs?: Promise<{ client: SQSClient; module: SqsModule }>;

  /** `client` is for tests (fault-injecting middleware); by default one is made on first use. */
  constructor(
    private readonly queueUrl: string,
    private readonly region: string,
    private readonly client?: SQSClient,
    private readonly hook?: ClientHook,
  ) {}

  private load(): Promise<{ client: SQSClient; module: SqsModule }> {
    this.sqs ??= import("@aws-sdk/client-sqs").then((module) => {
      const client = this.client ?? new module.SQSClient({ region: this.region, maxAttempts: 5 });
      this.hook?.(client);
      return { module, client };
    });
    return this.sqs;
  }

  async enqueue(jobs: readonly SendJob[]): Promise<{ failed: SendJob[] }> {
    const { client, module } = await this.load();
    const failed: SendJob[] = [];
    for (let i = 0; i < jobs.length; i += QUEUE_BATCH_SIZE) {
      const chunk = jobs.slice(i, i + QUEUE_BATCH_SIZE);
      const out = await client.send(
        new module.SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((job, n) => ({ Id: String(n), MessageBody: sendJobBody(job) })),
        }),
      );
      for (const entry of out.Failed ?? []) {
        const job = chunk[Number(entry.Id)];
        if (job) failed.push(job);
      }
    }
    return { failed };
  }
}
