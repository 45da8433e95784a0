import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { randomId } from "../../lib/random-id.js";
import type { OperatorAction, OperatorSession, OperatorStore } from "../../ports/operator.js";
import { landed } from "./errors.js";

const LOG_PK = "OPLOG";
const ttlOf = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/**
 * The operator's side of the table: one-time sign-in links (`SIGNIN#<nonce>`, deleted when used), sessions
 * (`SESSION#<id>`), both with a TTL, and the action log (`OPLOG`, sorted by time).
 */
export class DynamoOperatorStore implements OperatorStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** A put that never overwrites: false when the key is taken. */
  private async putNew(item: Record<string, unknown>): Promise<boolean> {
    return landed(this.doc.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: "attribute_not_exists(pk)" })));
  }

  putSignInLink(nonce: string, operator: string, expiresAt: string): Promise<boolean> {
    return this.putNew({ pk: `SIGNIN#${nonce}`, sk: "SIGNIN", operator, expiresAt, ttl: ttlOf(expiresAt) });
  }

  /** Uses the link up: deletes it and returns its operator; undefined when it was used already (or never made). */
  async consumeSignInLink(nonce: string): Promise<{ operator: string; expiresAt: string } | undefined> {
    const out = await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: { pk: `SIGNIN#${nonce}`, sk: "SIGNIN" }, ReturnValues: "ALL_OLD" }),
    );
    const item = out.Attributes;
    return item ? { operator: String(item["operator"]), expiresAt: String(item["expiresAt"]) } : undefined;
  }

  putSession(session: OperatorSession): Promise<boolean> {
    return this.putNew({ pk: `SESSION#${session.id}`, sk: "SESSION", ...session, ttl: ttlOf(session.expiresAt) });
  }

  async getSession(id: string): Promise<OperatorSession | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: `SESSION#${id}`, sk: "SESSION" }, ConsistentRead: true }),
    );
    const item = out.Item;
    return item ? { id: String(item["id"]), operator: String(item["operator"]), expiresAt: String(item["expiresAt"]) } : undefined;
  }

  async deleteSession(id: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: `SESSION#${id}`, sk: "SESSION" } }));
  }

  async logAction(action: OperatorAction): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: LOG_PK, sk: `${action.at}#${randomId(6)}`, ...action } }));
  }

  /** The latest `limit` actions, newest first. */
  async recentActions(limit = 50): Promise<OperatorAction[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": LOG_PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      at: String(i["at"]),
      operator: String(i["operator"]),
      action: String(i["action"]),
      ...(i["runnerId"] ? { runnerId: String(i["runnerId"]) } : {}),
      ...(i["detail"] ? { detail: String(i["detail"]) } : {}),
    }));
  }
}
