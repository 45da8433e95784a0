import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { DynamoRunnerImporter } from "../../functions/adapters/dynamodb/importer.js";
import { emailKey, runnerKey } from "../../functions/adapters/dynamodb/keys.js";
import { ORPHAN_AFTER_MS } from "../../functions/adapters/dynamodb/runners.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { Deps } from "../../functions/wiring.js";
import { pendingRunner } from "../support/runners.js";
import { testDeps, uniqueEmail } from "../support/stack.js";

const NOW = new Date("2027-01-04T10:00:00.000Z");

/** A runner from a CSV file: created long before the import. */
const imported = (email: string): Runner => pendingRunner(new Date("2026-05-01T08:00:00.000Z"), { email, consentSource: "csv-import" });

const itemAt = async (deps: Deps, key: Record<string, string>) =>
  (await deps.doc.send(new GetCommand({ TableName: deps.config.LEGWORK_TABLE, Key: key, ConsistentRead: true }))).Item;

/** An email item with no profile behind it, claimed `ageMs` before NOW (a signup mid-write, or a crash). */
const strayClaim = async (deps: Deps, email: string, ageMs: number): Promise<void> => {
  await deps.doc.send(
    new PutCommand({
      TableName: deps.config.LEGWORK_TABLE,
      Item: { ...emailKey(email), runnerId: "signupmidway1", createdAt: new Date(NOW.getTime() - ageMs).toISOString() },
    }),
  );
};

describe("CSV import and an email item with no profile behind it", () => {
  it("leaves a claim younger than ORPHAN_AFTER_MS alone: a signup is still writing its profile", async () => {
    // Prepare
    const deps = await testDeps();
    const email = uniqueEmail("import.young");
    await strayClaim(deps, email, 5_000);
    const runner = imported(email);

    // Act
    const outcome = await new DynamoRunnerImporter(deps.doc, deps.config.LEGWORK_TABLE).insert(runner, NOW);

    // Assess
    expect(outcome).toBe("email-taken");
    expect(await itemAt(deps, emailKey(email))).toMatchObject({ runnerId: "signupmidway1" });
    expect(await itemAt(deps, runnerKey(runner.id))).toBeUndefined();
  });

  it("takes over a claim older than ORPHAN_AFTER_MS (a crash between the two writes)", async () => {
    // Prepare
    const deps = await testDeps();
    const email = uniqueEmail("import.old");
    await strayClaim(deps, email, ORPHAN_AFTER_MS + 1_000);
    const runner = imported(email);

    // Act
    const outcome = await new DynamoRunnerImporter(deps.doc, deps.config.LEGWORK_TABLE).insert(runner, NOW);

    // Assess
    expect(outcome).toBe("created");
    expect(await itemAt(deps, emailKey(email))).toMatchObject({ runnerId: runner.id, createdAt: NOW.toISOString() });
    expect(await itemAt(deps, runnerKey(runner.id))).toMatchObject({ id: runner.id, email });
  });

  it("stamps its own claim with the time of the import, not the runner's old createdAt, so a racing signup waits", async () => {
    // Prepare
    const deps = await testDeps();
    const runner = imported(uniqueEmail("import.stamp"));

    // Act
    const outcome = await new DynamoRunnerImporter(deps.doc, deps.config.LEGWORK_TABLE).insert(runner, NOW);

    // Assess
    expect(outcome).toBe("created");
    expect(await itemAt(deps, emailKey(runner.email))).toEqual({
      ...emailKey(runner.email),
      runnerId: runner.id,
      createdAt: NOW.toISOString(),
    });
  });
});
