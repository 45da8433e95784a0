import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import type { CheckedCall } from "../../infra/local/iam/guard.js";
import { AccessDeniedError, iamGuard } from "../../infra/local/iam/guard.js";
import { startStandIns } from "../../infra/local/iam-check/stand-ins.js";
import { createClients } from "../../functions/wiring.js";
import { freshConfig, testDeps } from "../support/stack.js";

const context = { region: "eu-west-1", account: "000000000000", topicKeys: {} };
const ROLE = "arn:aws:iam::000000000000:role/TestRole";

describe("IAM guard middleware", () => {
  it("refuses a call the role may not make before it reaches the engine, with AWS's error shape", async () => {
    // Arrange: a role that may only read, and a recorder that sees what was attempted and what got through.
    const config = await freshConfig();
    const table = `arn:aws:dynamodb:eu-west-1:000000000000:table/${config.LEGWORK_TABLE}`;
    const { ddb } = await createClients(config);
    const sent: string[] = [];
    ddb.middlewareStack.add((next, ctx) => async (args) => (sent.push(String(ctx.commandName)), next(args)), { step: "build" });
    const calls: CheckedCall[] = [];
    const policy = {
      fn: "web",
      roleArn: ROLE,
      statements: [{ Effect: "Allow" as const, Action: ["dynamodb:GetItem"], Resource: [table] }],
    };
    iamGuard({ policy, context, onCall: (c) => calls.push(c) })(ddb);
    const key = { pk: { S: "RUNNER#x" }, sk: { S: "PROFILE" } };

    // Act
    const read = await ddb.send(new GetItemCommand({ TableName: config.LEGWORK_TABLE, Key: key }));
    const write = await ddb.send(new PutItemCommand({ TableName: config.LEGWORK_TABLE, Item: key })).catch((e: unknown) => e);

    // Assess
    expect(read.Item).toBeUndefined();
    expect(sent).toEqual(["GetItemCommand"]);
    expect(write).toBeInstanceOf(AccessDeniedError);
    expect(write).toMatchObject({ name: "AccessDeniedException", $fault: "client", $metadata: { httpStatusCode: 403 } });
    expect((write as Error).message).toBe(
      `User: arn:aws:sts::000000000000:assumed-role/TestRole/legwork-web is not authorized to perform: dynamodb:PutItem on resource: ${table} ` +
        "because no identity-based policy allows the dynamodb:PutItem action",
    );
    expect(calls.map((c) => [c.call, c.allowed])).toEqual([
      ["DynamoDB.GetItem", true],
      ["DynamoDB.PutItem", false],
    ]);
    ddb.destroy();
  });

  it("answers S3's AccessDenied, and a missing object as 403 without s3:ListBucket (404 with it)", async () => {
    // Arrange
    const standIns = await startStandIns();
    const client = (actions: string[]) => {
      const s3 = new S3Client({
        region: "eu-west-1",
        endpoint: standIns.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: "l", secretAccessKey: "l" },
      });
      const statements = [
        { Effect: "Allow" as const, Action: actions.filter((a) => a !== "s3:ListBucket"), Resource: ["arn:aws:s3:::b/inbound/*"] },
        { Effect: "Allow" as const, Action: actions.filter((a) => a === "s3:ListBucket"), Resource: ["arn:aws:s3:::b"] },
      ];
      iamGuard({ policy: { fn: "inbound", roleArn: ROLE, statements }, context })(s3);
      return s3;
    };
    const withList = client(["s3:GetObject", "s3:ListBucket"]);
    const withoutList = client(["s3:GetObject"]);

    // Act
    const outside = await withList.send(new GetObjectCommand({ Bucket: "b", Key: "replies/x" })).catch((e: unknown) => e);
    const missing404 = await withList.send(new HeadObjectCommand({ Bucket: "b", Key: "inbound/gone" })).catch((e: unknown) => e);
    const missing403 = await withoutList.send(new HeadObjectCommand({ Bucket: "b", Key: "inbound/gone" })).catch((e: unknown) => e);
    await standIns.close();

    // Assess
    expect(outside).toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    expect((outside as Error).message).toContain("s3:GetObject on resource: arn:aws:s3:::b/replies/x");
    expect(missing404).toMatchObject({ name: "NotFound" });
    expect(missing403).toMatchObject({ name: "AccessDenied" });
    expect((missing403 as Error).message).toContain("s3:ListBucket on resource: arn:aws:s3:::b");
  });

  it("guards test deps with a function's synthesized role: feedback may not read the SES account", async () => {
    // Arrange
    const deps = await testDeps({ role: "feedback" });

    // Act
    const rate = await deps.mailer.maxSendRate().catch((e: unknown) => e);
    const read = await deps.runners.getById("nobody");

    // Assess
    expect(rate).toMatchObject({ name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } });
    expect((rate as Error).message).toMatch(
      /assumed-role\/FeedbackRole\w+\/legwork-feedback is not authorized to perform: ses:GetAccount on resource: \*/,
    );
    expect(read).toBeUndefined();
  });
});
