/** Helpers for the IAM check's flows: requests, runners, emails and SES events as the services deliver them. */
import { randomBytes, randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, SNSEvent } from "aws-lambda";
import { Links } from "../../../functions/app/links.js";
import { newRunnerId } from "../../../functions/app/signup.js";
import type { Runner } from "../../../functions/domain/profile.js";
import { nextSendAt } from "../../../functions/domain/schedule.js";
import { parseTokenKeys } from "../../../functions/domain/tokens.js";
import type { World } from "./world.js";
import { BASE_URL } from "./world.js";

export const check = (ok: unknown, what: string): void => {
  if (!ok) throw new Error(`flow check failed: ${what}`);
};

export const httpEvent = (
  method: string,
  pathAndQuery: string,
  body?: string,
  contentType?: string,
  cookies?: string[],
): APIGatewayProxyEventV2 => {
  const url = new URL(pathAndQuery, BASE_URL);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: { host: url.host, ...(contentType ? { "content-type": contentType } : {}) },
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: {
      http: {
        method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: `203.0.113.${1 + (randomBytes(1)[0]! % 250)}`,
        userAgent: "iam-check",
      },
    } as APIGatewayProxyEventV2["requestContext"],
    body,
    isBase64Encoded: false,
    ...(cookies ? { cookies } : {}),
  };
};

export const form = (fields: Record<string, string>) =>
  [new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded"] as const;

export const address = (label: string) => `${label}.${randomBytes(4).toString("hex")}@example.com`;

/** Emails the SES engine accepted for `to`. */
export const emailsTo = async (world: World, to: string): Promise<{ body: { html?: string; text?: string } }[]> => {
  const res = await fetch(`${world.options.env["SES_ENDPOINT"]}/store`);
  const { emails } = (await res.json()) as { emails: { destination: { to: string[] }; body: { html?: string } }[] };
  return emails.filter((e) => e.destination.to.some((t) => t.includes(to)));
};

/** A runner as signup leaves it: pending, week 0. */
export const activationFor = (email: string, now: Date): Runner => ({
  id: newRunnerId(),
  email,
  name: "Iam Check",
  level: "regular",
  goal: "10k",
  runsPerWeek: 4,
  units: "metric",
  timezone: "Europe/London",
  sendDay: "mon",
  sendHour: 7,
  soreAreas: [],
  status: "pending",
  week: 0,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  consentAt: now.toISOString(),
  consentSource: "iam-check",
});

/** An active runner, due at its first send slot (arranged unguarded, as signup and confirm leave it). */
export const activeRunner = async (world: World, label: string): Promise<Runner> => {
  const deps = await world.setupDeps();
  const now = new Date();
  const runner = activationFor(address(label), now);
  await deps.runners.create(runner);
  const active = await deps.runners.activate(runner.id, { now, nextSendAt: nextSendAt(runner, now) });
  check(active, "the runner is activated");
  return active!;
};

export const links = (world: World) => new Links(parseTokenKeys(world.keysJson), BASE_URL, "reply.legwork.example");

export const tokenOf = (url: string): string => new URL(url).searchParams.get("token") ?? "";

/** An SES event-publishing record (delivery, permanent bounce, complaint) inside the SNS event the feedback function gets. */
export const feedbackEvent = (kind: "delivery" | "bounce" | "complaint", email: string): SNSEvent => {
  const timestamp = new Date().toISOString();
  const mail = { timestamp, source: "coach@legwork.example", messageId: randomUUID(), destination: [email] };
  const record = {
    delivery: { eventType: "Delivery", mail, delivery: { timestamp, recipients: [email], smtpResponse: "250 OK" } },
    bounce: {
      eventType: "Bounce",
      mail,
      bounce: {
        timestamp,
        feedbackId: randomUUID(),
        bounceType: "Permanent",
        bounceSubType: "General",
        bouncedRecipients: [{ emailAddress: email }],
      },
    },
    complaint: {
      eventType: "Complaint",
      mail,
      complaint: { timestamp, feedbackId: randomUUID(), complainedRecipients: [{ emailAddress: email }] },
    },
  }[kind];
  const sns = {
    Type: "Notification",
    MessageId: randomUUID(),
    TopicArn: "arn:aws:sns:eu-west-1:000000000000:feedback",
    Message: JSON.stringify(record),
    Timestamp: timestamp,
  };
  return { Records: [{ EventSource: "aws:sns", EventVersion: "1.0", EventSubscriptionArn: "local", Sns: sns }] } as unknown as SNSEvent;
};
