import { randomUUID } from "node:crypto";
import { Links } from "../../functions/app/links.js";
import { inboundKey } from "../../functions/app/inbound-deliveries.js";
import type { Deps } from "../../functions/wiring.js";
import { inboundEvent } from "./cold-start.js";
import { prng } from "../../functions/lib/seeded.js";
import { batchPut, benchRunner, benchRunnerId, profileItem } from "./seed.js";

/**
 * A real check-in reply for the inbound cold start: an active runner in the table, and for each run
 * a fresh message in the reply store, signed to that runner, with a score and a quoted weekly email.
 * The handler screens, parses (MIME, quote stripping, soreness), records the check-in and sends the
 * acknowledgement: the whole path a runner's reply takes, not an early exit.
 */
export const inboundReplies = async (deps: Deps, now: Date): Promise<() => Promise<unknown>> => {
  const runner = benchRunner(prng(7), {
    id: benchRunnerId("coldreply", 1),
    email: "cold.reply@bench.example.com",
    createdAt: now,
    week: 2,
  });
  await batchPut(deps.doc, deps.config.LEGWORK_TABLE, [profileItem(runner)]);
  const to = new Links(
    deps.keys,
    deps.config.LEGWORK_BASE_URL ?? "https://coach.legwork.example",
    deps.config.LEGWORK_REPLY_DOMAIN,
  ).replyTo(runner.id, now);
  return async () => {
    const messageId = `bench-reply-${randomUUID()}`;
    const raw = [
      `From: Cold Reply <${runner.email}>`,
      `To: ${to}`,
      "Subject: Re: Week 2 of 10: Mostly easy running",
      `Message-ID: <${messageId}@bench.example.com>`,
      `Date: ${now.toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "About a 4 out of 10 today, calves a bit tight after Sunday's long run.",
      "",
      "On Mon, 7 Dec 2026 at 07:00, Legwork Coach <coach@legwork.example> wrote:",
      "> How are your legs? Reply with a number from 0 to 10.",
      "",
    ].join("\r\n");
    await deps.rawMail.put(inboundKey(messageId), Buffer.from(raw));
    return inboundEvent({ messageId, from: runner.email, to, now });
  };
};
