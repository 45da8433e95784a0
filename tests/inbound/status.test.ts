import { afterEach, describe, expect, it, vi } from "vitest";
import { handleInbound } from "../../functions/app/inbound.js";
import type { Runner } from "../../functions/domain/profile.js";
import { logger } from "../../functions/lib/logger.js";
import type { Deps } from "../../functions/wiring.js";
import type { NotReceivingStatus } from "../support/runners.js";
import { activeRunner, runnerWithStatus } from "../support/runners.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";
import { inboundInput, recordingAlerts, replyAddress, replyMime } from "./support.js";

/**
 * A runner who said no to our mail (unsubscribed), whose mail cannot or must not be delivered
 * (bounced, complained), or who never confirmed (pending): a reply records nothing and sends nothing.
 */
const NOW = new Date("2026-12-08T09:00:00Z");
const SINCE = new Date("2026-11-30T00:00:00Z");

const runnerWith = (deps: Deps, status: NotReceivingStatus): Promise<Runner> => runnerWithStatus(deps, status, SINCE);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("replies from runners who are not receiving mail", () => {
  const cases = (["unsubscribed", "bounced", "complained", "pending"] as const).flatMap((status) =>
    ["Calves about a 7 today after the hills.", "RESUME please", "Sharp pain in my shin and it's swollen."].map(
      (text) => [status, text] as const,
    ),
  );

  it.each(cases)(
    "a %s runner's reply %j records nothing, sends nothing, and is logged by runner id and reason only",
    async (status, text) => {
      // Arrange
      const alerts = recordingAlerts();
      const deps: Deps = { ...(await testDeps({ role: "inbound", now: () => NOW })), alerts };
      const runner = await runnerWith(deps, status);
      const to = replyAddress(deps, runner, NOW);
      const message = inboundInput(await replyMime({ from: runner.email, to, text }), to, NOW);
      const before = await scanTable(deps);
      const info = vi.spyOn(logger, "info");

      // Act
      const outcome = await handleInbound(deps, message);

      // Assess
      expect(outcome).toMatchObject({ kind: "ignored", reason: `status_${status}` });
      expect(await scanTable(deps)).toEqual(before);
      expect(await deps.rawMail.list(`replies/${runner.id}/`)).toEqual([]);
      expect(await emailsTo(runner.email)).toHaveLength(0);
      expect(alerts.sent).toEqual([]);
      expect(info.mock.calls).toContainEqual([
        "inbound ignored",
        { reason: `status_${status}`, messageId: message.messageId, runnerId: runner.id },
      ]);
      const logged = JSON.stringify(info.mock.calls);
      for (const personal of [runner.email, text.slice(0, 12), "Test Runner"]) expect(logged).not.toContain(personal);
    },
  );

  it("the control: the same reply from an active runner is recorded and acknowledged", async () => {
    // Arrange
    const deps = await testDeps({ role: "inbound", now: () => NOW });
    const runner = await activeRunner(deps, SINCE, { week: 1 });
    const to = replyAddress(deps, runner, NOW);

    // Act
    const outcome = await handleInbound(deps, inboundInput(await replyMime({ from: runner.email, to, text: "calves 4" }), to, NOW));

    // Assess
    expect(outcome).toMatchObject({ kind: "checkin", soreness: 4 });
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toEqual(["Got it: 4/10, calves"]);
  });
});
