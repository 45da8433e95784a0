/**
 * IAM enforced in local runs: Legwork's whole path (signup, confirm, preferences, unsubscribe, direct and
 * fan-out dispatch, replies with a red flag, a failed reply event, export/delete, SES feedback), each step
 * in its own function under its own CDK-synthesized role, on the shared local engines. Then every statement
 * of every function role is removed in turn: each must make a flow fail with a denied call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport, WorldContext } from "../../infra/local/iam-check/check.js";
import { formatStatement, runAllFlows, runRemovalCheck } from "../../infra/local/iam-check/check.js";
import { FUNCTIONS, policiesFromEnv } from "../../infra/local/iam/policies.js";
import type { StandIns } from "../../infra/local/iam-check/stand-ins.js";
import { startStandIns } from "../../infra/local/iam-check/stand-ins.js";
import { logger } from "../../functions/lib/logger.js";

let standIns: StandIns;
let context: WorldContext;

beforeAll(async () => {
  // The removal runs fail on purpose: their error lines would bury the report (the log guard still reads them).
  logger.setLogLevel("CRITICAL");
  standIns = await startStandIns();
  // The SNS, Secrets Manager and SQS clients take their endpoint from the SDK's own variables (this file's process only).
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SNS: standIns.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: standIns.endpoint,
    AWS_ENDPOINT_URL_SQS: standIns.endpoint,
  });
  context = { policies: policiesFromEnv(), standIns, env: { ...process.env } };
});

afterAll(async () => {
  await standIns.close();
});

describe("IAM enforced locally", () => {
  it("runs the whole path with every function under its own role, and nothing is denied", async () => {
    // Act
    const results = await runAllFlows(context);

    // Assess
    expect(results.filter((r) => r.error || r.denied).map((r) => `${r.flow}: ${r.denied ?? r.error}`)).toEqual([]);
    const roles = new Set(results.flatMap((r) => r.calls.map((c) => c.fn)));
    expect([...roles].sort()).toEqual([...FUNCTIONS].sort());
    const calls = results.flatMap((r) => r.calls.map((c) => c.call));
    for (const call of [
      "SQS.SendMessage",
      "SQS.SendMessageBatch",
      "S3.HeadObject",
      "S3.PutObject",
      "S3.ListObjectsV2",
      "SNS.Publish",
      "SecretsManager.GetSecretValue",
      "SESv2.SendEmail",
      "SESv2.GetAccount",
      "DynamoDB.Query",
    ])
      expect(calls, call).toContain(call);
  });

  it("needs every statement of every function role: removing any one makes a flow fail with a denied call", async () => {
    // Act
    const report: CheckReport = await runRemovalCheck(context);

    // Assess
    expect(report.baseline.filter((r) => r.error || r.denied)).toEqual([]);
    expect(report.statements.length).toBe(FUNCTIONS.reduce((n, fn) => n + context.policies.roles[fn].statements.length, 0));
    const unused = report.statements.filter((s) => !s.failed).map(formatStatement);
    expect(unused).toEqual([]);
    // Each failure is the statement's own doing: a call denied one of that statement's actions.
    for (const s of report.statements) {
      const actions = [context.policies.roles[s.fn].statements[s.index]!.Action ?? []].flat();
      expect(
        actions.some((a) => s.failed?.denied?.includes(` denied ${a} `)),
        formatStatement(s),
      ).toBe(true);
    }
  });
});
