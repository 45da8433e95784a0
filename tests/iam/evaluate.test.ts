import { describe, expect, it } from "vitest";
import type { Statement } from "../../infra/local/iam/evaluate.js";
import { conditionKeys, evaluate } from "../../infra/local/iam/evaluate.js";

const TABLE = "arn:aws:dynamodb:eu-west-1:000000000000:table/T";

describe("IAM evaluation (local)", () => {
  it("matches action wildcards case-insensitively and only the named service", () => {
    // Arrange
    const statements: Statement[] = [{ Effect: "Allow", Action: ["dynamodb:Get*"], Resource: [TABLE] }];

    // Act
    const get = evaluate(statements, { action: "dynamodb:GetItem", resource: TABLE });
    const getLower = evaluate(statements, { action: "DynamoDB:getitem", resource: TABLE });
    const put = evaluate(statements, { action: "dynamodb:PutItem", resource: TABLE });

    // Assess
    expect(get).toEqual({ allowed: true, allowedBy: [0] });
    expect(getLower.allowed).toBe(true);
    expect(put).toEqual({ allowed: false, allowedBy: [] });
  });

  it("matches resource wildcards, and an index ARN only through the index resource", () => {
    // Arrange
    const tableOnly: Statement[] = [{ Effect: "Allow", Action: "dynamodb:Query", Resource: TABLE }];
    const indexes: Statement[] = [{ Effect: "Allow", Action: "dynamodb:Query", Resource: `${TABLE}/index/*` }];
    const any: Statement[] = [{ Effect: "Allow", Action: "ses:GetAccount", Resource: "*" }];

    // Act
    const onIndexWithTable = evaluate(tableOnly, { action: "dynamodb:Query", resource: `${TABLE}/index/gsi1` });
    const onIndex = evaluate(indexes, { action: "dynamodb:Query", resource: `${TABLE}/index/gsi1` });
    const onTableWithIndexes = evaluate(indexes, { action: "dynamodb:Query", resource: TABLE });
    const star = evaluate(any, { action: "ses:GetAccount", resource: "*" });

    // Assess
    expect(onIndexWithTable.allowed).toBe(false);
    expect(onIndex.allowed).toBe(true);
    expect(onTableWithIndexes.allowed).toBe(false);
    expect(star.allowed).toBe(true);
  });

  it("lets an explicit Deny win over any Allow", () => {
    // Arrange
    const statements: Statement[] = [
      { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" },
      { Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::b/keep/*" },
    ];

    // Act
    const kept = evaluate(statements, { action: "s3:DeleteObject", resource: "arn:aws:s3:::b/keep/x" });
    const other = evaluate(statements, { action: "s3:DeleteObject", resource: "arn:aws:s3:::b/tmp/x" });

    // Assess
    expect(kept).toEqual({ allowed: false, allowedBy: [], deniedBy: 1 });
    expect(other).toEqual({ allowed: true, allowedBy: [0] });
  });

  it("never lets an Allow with a condition it cannot evaluate grant anything, and applies such a Deny", () => {
    // Arrange
    const condition = { StringEquals: { "aws:SourceAccount": "000000000000" } };
    const allow: Statement[] = [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*", Condition: condition }];
    const deny: Statement[] = [
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
      { Effect: "Deny", Action: "sqs:SendMessage", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ];

    // Act
    const allowed = evaluate(allow, { action: "sqs:SendMessage", resource: "arn:aws:sqs:eu-west-1:000000000000:q" });
    const denied = evaluate(deny, { action: "sqs:SendMessage", resource: "arn:aws:sqs:eu-west-1:000000000000:q" });

    // Assess
    expect(allowed.allowed).toBe(false);
    expect(denied).toMatchObject({ allowed: false, deniedBy: 1 });
    expect(conditionKeys([...allow, ...deny])).toEqual(["StringEquals aws:SourceAccount", "Bool aws:SecureTransport"]);
  });

  it("honours NotAction and NotResource", () => {
    // Arrange
    const statements: Statement[] = [{ Effect: "Allow", NotAction: "s3:DeleteObject", NotResource: "arn:aws:s3:::b/secret/*" }];

    // Act
    const get = evaluate(statements, { action: "s3:GetObject", resource: "arn:aws:s3:::b/x" });
    const del = evaluate(statements, { action: "s3:DeleteObject", resource: "arn:aws:s3:::b/x" });
    const secret = evaluate(statements, { action: "s3:GetObject", resource: "arn:aws:s3:::b/secret/x" });

    // Assess
    expect([get.allowed, del.allowed, secret.allowed]).toEqual([true, false, false]);
  });
});
