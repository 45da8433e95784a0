import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SignupJob, SignupQueue } from "../../ports/signup-queue.js";
import { signupJobBody } from "../../ports/signup-queue.js";
import type { ClientHook } from "../../ports/client-hook.js";

/** Signup work on SQS, consumed by the web function's queue handler. The client loads on first use. */
export class SqsSignupQueue implements SignupQueue {
  private client?: Promise<{ client: SQSClient; send: (body: string) => Promise<unknown> }>;

  constructor(
    private readonly queueUrl: string,
    private readonly region: string,
    private readonly hook?: ClientHook,
  ) {}

  async enqueue(job: SignupJob): Promise<void> {
    this.client ??= import("@aws-sdk/client-sqs").then((sqs) => {
      const client = new sqs.SQSClient({ region: this.region, maxAttempts: 5 });
      this.hook?.(client);
      return { client, send: (body: string) => client.send(new sqs.SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body })) };
    });
    await (await this.client).send(signupJobBody(job));
  }
}
