import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { scanItems } from "./queries.js";
import type { OperatorReads, OperatorSnapshot, SendFailureCounter } from "../../ports/operator.js";
import { toRunner } from "./keys.js";

const FAILURES_PK = "STATS#sendFailures";

type TableSnapshot = OperatorSnapshot;

/**
 * Operator reads over the whole table (stats, triage): one Scan, page by page. Operator tools only,
 * never on the send path. Also the dispatcher's weekly failure counter (`STATS#sendFailures`).
 */
export class DynamoOperatorReads implements OperatorReads, SendFailureCounter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async snapshot(): Promise<TableSnapshot> {
    const snap: TableSnapshot = { runners: [], checkins: [], failures: {} };
    const items = scanItems(this.doc, {
      table: this.table,
      filter: "sk = :profile OR begins_with(sk, :checkin) OR pk = :failures",
      values: { ":profile": "PROFILE", ":checkin": "CHECKIN#", ":failures": FAILURES_PK },
    });
    for await (const item of items) this.add(snap, item);
    snap.runners.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    snap.checkins.sort((a, b) => a.at.localeCompare(b.at));
    return snap;
  }

  private add(snap: TableSnapshot, item: Record<string, unknown>): void {
    if (item["pk"] === FAILURES_PK) snap.failures[String(item["sk"])] = Number(item["count"] ?? 0);
    else if (item["sk"] === "PROFILE") snap.runners.push(toRunner(item));
    else
      snap.checkins.push({
        runnerId: String(item["pk"]).replace(/^RUNNER#/, ""),
        at: String(item["at"]),
        week: Number(item["week"] ?? 0),
        soreness: typeof item["soreness"] === "number" ? item["soreness"] : null,
        redFlags: (item["redFlags"] as string[] | undefined) ?? [],
        areas: (item["areas"] as string[] | undefined) ?? [],
        note: String(item["note"] ?? ""),
        source: String(item["source"] ?? ""),
      });
  }

  /** Adds `count` failed weekly sends to the week starting `weekStart` (YYYY-MM-DD). */
  async countSendFailures(weekStart: string, count: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: FAILURES_PK, sk: weekStart },
        UpdateExpression: "ADD #count :n",
        ExpressionAttributeNames: { "#count": "count" },
        ExpressionAttributeValues: { ":n": count },
      }),
    );
  }
}
