import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Runner } from "../../domain/profile.js";
import type { InsertOutcome, RunnerImporter } from "../../ports/subscribers.js";
import { emailKey, runnerKey } from "./keys.js";
import { dueAttributes, isOrphan, releaseEmail } from "./runners.js";
import { wakeAttributes } from "./subscribers.js";
import { isConditionFailure, landed } from "./errors.js";

/**
 * Inserts imported runners without ever overwriting one. BatchWriteItem cannot carry conditions, so
 * each runner is two conditional puts (the same protocol as signup): claim the email item, then put the
 * profile with its index attributes in the same write; if the profile put fails the claim is given back.
 * The email item carries the time of the claim, as signup's does. One whose profile is missing is taken
 * over once it is older than ORPHAN_AFTER_MS (a crash between the two writes); a younger one belongs to a
 * signup or import still writing its profile, so the row counts as "email-taken" and nothing is touched.
 */
export class DynamoRunnerImporter implements RunnerImporter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** @param now the time of the claim (the import's clock), written on the email item */
  async insert(runner: Runner, now: Date): Promise<InsertOutcome> {
    if (!(await this.claimEmail(runner.email, runner.id, now.toISOString()))) return "email-taken";
    const index =
      runner.status === "active" && runner.nextSendAt
        ? dueAttributes(runner.id, runner.nextSendAt)
        : runner.status === "paused" && runner.pausedUntil
          ? wakeAttributes(runner.id, runner.pausedUntil)
          : {};
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...runner, ...runnerKey(runner.id), ...index },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return "created";
    } catch (error) {
      await releaseEmail(this.doc, this.table, runner);
      if (isConditionFailure(error)) return "id-taken";
      throw error;
    }
  }

  private async claimEmail(email: string, id: string, claimedAt: string): Promise<boolean> {
    const item = { ...emailKey(email), runnerId: id, createdAt: claimedAt };
    try {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: "attribute_not_exists(pk)" }));
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const pointer = await this.doc.send(new GetCommand({ TableName: this.table, Key: emailKey(email), ConsistentRead: true }));
    const owner = pointer.Item?.["runnerId"] as string | undefined;
    if (!owner) return false;
    const profile = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: runnerKey(owner), ConsistentRead: true, ProjectionExpression: "pk" }),
    );
    if (profile.Item || !isOrphan(pointer.Item, claimedAt)) return false;
    return landed(
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: "runnerId = :old",
          ExpressionAttributeValues: { ":old": owner },
        }),
      ),
    );
  }
}
