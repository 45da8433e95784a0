/**
 * One local Legwork as the statement-removal check runs it: every function with its own guarded deps
 * (its resolved CDK environment, its role's statements), a fresh table on the local DynamoDB, the SES
 * engine, and the stand-ins for S3, SQS, SNS and Secrets Manager. Handlers are the real ones.
 */
import { randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, SESEvent, SNSEvent, SQSEvent } from "aws-lambda";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "../../../functions/adapters/dynamodb/table.js";
import { loadConfig } from "../../../functions/config.js";
import { parseTokenKeys } from "../../../functions/domain/tokens.js";
import { createDispatcherHandler } from "../../../functions/handlers/dispatcher.js";
import { createFeedbackHandler } from "../../../functions/handlers/feedback.js";
import { createInboundHandler } from "../../../functions/handlers/inbound.js";
import { createSenderHandler } from "../../../functions/handlers/sender.js";
import { createWebHandler } from "../../../functions/handlers/web.js";
import type { Deps } from "../../../functions/wiring.js";
import { NO_TOKEN_KEYS, buildDeps } from "../../../functions/wiring.js";
import { localContext } from "../lambda-context.js";
import { queueArn } from "../iam/calls.js";
import type { CheckedCall } from "../iam/guard.js";
import type { FunctionName, LocalPolicies } from "../iam/policies.js";
import type { RoleGuard } from "../iam/roles.js";
import { SYNTH_NAMES, eventSourcePoll, roleGuard } from "../iam/roles.js";
import type { StandIns } from "./stand-ins.js";

export interface WorldOptions {
  policies: LocalPolicies;
  standIns: StandIns;
  /** The process env with the engines' endpoints (DYNAMODB_ENDPOINT, SES_ENDPOINT) and AWS_REGION. */
  env: Record<string, string | undefined>;
  onCall?: (call: CheckedCall) => void;
  /** Leave out one statement of one role (the removal check). */
  drop?: { fn: FunctionName; index: number };
}

export const BASE_URL = "https://coach.legwork.example";
/** Lambda's attempts at an asynchronous event before its on-failure destination (1 + 2 retries). */
const ASYNC_ATTEMPTS = 3;

export class World {
  readonly table = `legwork-iam-${randomBytes(4).toString("hex")}`;
  readonly keysJson = JSON.stringify({ current: "k1", k1: randomBytes(32).toString("hex") });
  private readonly guards = new Map<FunctionName, RoleGuard>();
  private readonly cache = new Map<string, Promise<Deps>>();

  constructor(readonly options: WorldOptions) {
    for (const fn of Object.keys(options.policies.roles) as FunctionName[]) {
      const drop = options.drop?.fn === fn ? options.drop.index : undefined;
      this.guards.set(fn, roleGuard(options.policies, fn, { table: this.table, bucket: SYNTH_NAMES.bucket }, options.onCall, drop));
      const secret = options.policies.roles[fn].env["LEGWORK_TOKEN_SECRET_ARN"];
      if (secret) options.standIns.secrets.set(secret, this.keysJson);
    }
  }

  async start(): Promise<void> {
    const client = new DynamoDBClient({ region: this.options.policies.region, endpoint: this.options.env["DYNAMODB_ENDPOINT"] });
    await ensureTable(client, this.table);
    client.destroy();
  }

  guard(fn: FunctionName): RoleGuard {
    return this.guards.get(fn)!;
  }

  /** A function's environment as CDK sets it, pointed at the local engines and stand-ins. */
  env(fn: FunctionName, fanout = true): Record<string, string | undefined> {
    const { standIns, env } = this.options;
    const own = Object.fromEntries(
      Object.entries(this.options.policies.roles[fn].env).map(([k, v]) => [k, v.replace(/^https:\/\/sqs\.[^/]+/, standIns.endpoint)]),
    );
    return {
      ...env,
      ...own,
      LEGWORK_TABLE: this.table,
      S3_ENDPOINT: standIns.endpoint,
      LEGWORK_BASE_URL: BASE_URL,
      LEGWORK_TOKEN_KEYS: undefined,
      LEGWORK_REPLY_STORE_DIR: undefined,
      ...(fanout ? {} : { LEGWORK_FANOUT_QUEUE_URL: undefined }),
    };
  }

  /** The function's own deps, guarded by its role (built once per world, as once per cold start). */
  deps(fn: FunctionName, fanout = true): Promise<Deps> {
    const key = `${fn}:${fanout}`;
    let deps = this.cache.get(key);
    if (!deps) {
      const config = loadConfig(this.env(fn, fanout));
      deps = buildDeps(config, { clientHook: this.guard(fn).hook, ...(fn === "feedback" ? { keys: NO_TOKEN_KEYS } : {}) });
      this.cache.set(key, deps);
    }
    return deps;
  }

  /** Unguarded deps for arranging data (what an operator or SES did before the flow). */
  setupDeps(): Promise<Deps> {
    return buildDeps(loadConfig(this.env("web")), { keys: parseTokenKeys(this.keysJson) });
  }

  private invoke<E, R>(
    fn: FunctionName,
    handler: (event: E, context: ReturnType<typeof localContext>) => Promise<R>,
    event: E,
  ): Promise<R> {
    this.guard(fn).runtimeLogs();
    return handler(event, localContext(`legwork-${fn}`, 60_000));
  }

  web(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    return this.invoke(
      "web",
      createWebHandler(() => this.deps("web")),
      event,
    );
  }

  dispatch(time: Date, fanout: boolean) {
    return this.invoke(
      "dispatcher",
      createDispatcherHandler(() => this.deps("dispatcher", fanout)),
      { time: time.toISOString() },
    );
  }

  feedback(event: SNSEvent) {
    return this.invoke(
      "feedback",
      createFeedbackHandler(() => this.deps("feedback")),
      event,
    );
  }

  /** SES invokes inbound asynchronously: Lambda retries a failure twice, then sends the event to the on-failure queue. */
  async inbound(event: SESEvent) {
    const handler = createInboundHandler(() => this.deps("inbound"));
    let failure: unknown;
    for (let attempt = 0; attempt < ASYNC_ATTEMPTS; attempt++) {
      try {
        return await this.invoke("inbound", handler, event);
      } catch (error) {
        failure = error;
      }
    }
    const destination = this.options.policies.roles.inbound.onFailureArn;
    if (!destination) throw failure;
    this.guard("inbound").service("Lambda destination.SendMessage", [{ action: "sqs:SendMessage", resource: destination }]);
    const name = destination.split(":").pop()!;
    this.options.standIns.queues.set(name, [...(this.options.standIns.queues.get(name) ?? []), JSON.stringify(event)]);
    return undefined;
  }

  /** The Lambda SQS event source: polls the queue with the consumer's role and hands it the batch. */
  async drain(queueUrl: string, fn: "web" | "sender"): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
    const { standIns, policies } = this.options;
    const arn = queueArn(queueUrl, policies);
    this.guard(fn).service("Lambda event source.ReceiveMessage", eventSourcePoll(arn));
    const name = arn.split(":").pop()!;
    const bodies = standIns.queues.get(name) ?? [];
    standIns.queues.set(name, []);
    const event: SQSEvent = {
      Records: bodies.map((body, i) => ({
        messageId: `m${i}`,
        receiptHandle: `r${i}`,
        body,
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: String(Date.now()),
          SenderId: "local",
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: arn,
        awsRegion: policies.region,
      })),
    };
    // The web function takes its queue's events through the same handler as its Function URL requests.
    const web = createWebHandler(() => this.deps("web")) as unknown as (e: SQSEvent, c: unknown) => Promise<unknown>;
    const handler = fn === "sender" ? createSenderHandler(() => this.deps("sender")) : web;
    const out = (await this.invoke(fn, handler, event)) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
    return { batchItemFailures: out?.batchItemFailures ?? [] };
  }
}
