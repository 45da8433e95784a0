/** What one accepted reply calls for (handleInbound, inbound.ts): the triage path, a command, or an acknowledgement. */
import type { Checkin } from "../adapters/dynamodb/checkins.js";
import type { Runner } from "../domain/profile.js";
import { isHeldForTriage, profileOf } from "../domain/profile.js";
import type { RenderedEmail } from "../domain/render/index.js";
import { renderAck, renderCommandReply } from "../domain/render/index.js";
import type { Command } from "../domain/reply/index.js";
import { logger } from "../lib/logger.js";
import { replyKey } from "../ports/raw-mail.js";
import type { Deps } from "../wiring.js";
import type { InboundInput, InboundOutcome } from "./inbound.js";
import { scoreLinksOf } from "./inbound-read.js";
import { linksOf } from "./links.js";
import { pauseRunner, resumeRunner } from "./preferences.js";
import { footerOf, sendReply, triage } from "./triage.js";

/** How long a reply PAUSE lasts when the runner gives no number of weeks. */
export const DEFAULT_PAUSE_WEEKS = 2;
const WEEK_MS = 7 * 86_400_000;

export interface Accepted {
  input: InboundInput;
  runner: Runner;
  command: Command | null;
  pauseWeeks: number | null;
  unclear: string[];
  /** The stored check-in: the first delivery's parse, which a redo acts on again. */
  checkin: Checkin;
  /** A redelivery whose first run failed or died partway. */
  redo: boolean;
  now: Date;
}

/** The reply's pieces: its footer and profile, and `answer`, which sends a rendered reply keyed `<kind>.<SES id>`. */
const replyKit = (deps: Deps, a: Accepted) => {
  const links = linksOf(deps);
  const footer = footerOf(deps, links, a.runner, a.now);
  const answer = (rendered: RenderedEmail, kind: string) =>
    sendReply(deps, a.runner, rendered, `${kind}.${a.input.messageId}`, links, a.now);
  return { links, footer, profile: profileOf(a.runner), answer };
};

/**
 * Red flags always win: hold first, tell the operator, then the careful reply. A STOP in the same reply still
 * unsubscribes, after the reply (which already says so: the hold stops every email meanwhile), so a
 * redelivery after a failed send is not dropped as unsubscribed.
 */
const actOnRedFlags = async (deps: Deps, a: Accepted, undoUrl: string): Promise<InboundOutcome> => {
  const { runner, command, checkin } = a;
  const unsubscribe = command === "stop";
  await triage(deps, runner, {
    redFlags: checkin.redFlags,
    areas: checkin.areas,
    messageKey: `triage.${a.input.messageId}`,
    now: a.now,
    ...(unsubscribe ? { unsubscribe: { undoUrl } } : {}),
  });
  if (command) logger.info("command with a red flag", { runnerId: runner.id, command, honoured: unsubscribe });
  return { kind: "triage", runnerId: runner.id, redFlags: checkin.redFlags, unsubscribed: unsubscribe };
};

/** STOP, PAUSE n or RESUME, when the runner's state allows it; undefined when it does not (an acknowledgement goes instead). */
const actOnCommand = async (deps: Deps, a: Accepted, kit: ReturnType<typeof replyKit>): Promise<InboundOutcome | undefined> => {
  const { runner, command, redo } = a;
  const { footer, profile, answer } = kit;
  const done: InboundOutcome | undefined = command ? { kind: "command", runnerId: runner.id, command } : undefined;
  if (command === "stop") {
    await deps.runners.unsubscribe(runner.id, a.now);
    await answer(renderCommandReply({ profile, command: "stop", undoUrl: footer.unsubscribeUrl, footer }), "stop");
    return done;
  }
  if (command === "pause" && isHeldForTriage(runner)) {
    // Already paused until RESUME: a pause that ends by itself would undo the triage hold.
    await answer(renderCommandReply({ profile, command: "pause", footer }), "pause");
    return done;
  }
  if (command === "pause" && (runner.status === "active" || runner.status === "paused")) {
    const weeks = a.pauseWeeks ?? DEFAULT_PAUSE_WEEKS;
    // A redo finds the pause its first run made (ending at least `weeks` after the reply arrived): kept, not pushed later.
    const kept =
      redo &&
      runner.status === "paused" &&
      runner.pausedUntil !== undefined &&
      Date.parse(runner.pausedUntil) >= Date.parse(a.checkin.at) + weeks * WEEK_MS;
    const paused = kept ? runner : await pauseRunner(deps, runner.id, weeks);
    await answer(renderCommandReply({ profile, command: "pause", pausedUntil: paused.pausedUntil, footer }), "pause");
    return done;
  }
  // A redo finds the runner its first run resumed already active: the reply still goes, nothing changes.
  if (command === "resume" && (runner.status === "paused" || (redo && runner.status === "active"))) {
    const resumed = runner.status === "paused" ? await resumeRunner(deps, runner.id) : runner;
    await answer(renderCommandReply({ profile, command: "resume", nextSendAt: resumed.nextSendAt, footer }), "resume");
    return done;
  }
  return undefined;
};

/**
 * What one accepted reply calls for, from its stored check-in and its command. Run again by a redelivery
 * whose first run died, so every step is safe to repeat: the raw copy is overwritten, the triage hold is
 * re-applied, a redo finds the PAUSE or RESUME its first run made and keeps it, and each email keeps its
 * Message-ID (see INBOUND_CLAIM_MS).
 */
export const actOnReply = async (deps: Deps, a: Accepted): Promise<InboundOutcome> => {
  const { runner, checkin, now } = a;
  await deps.rawMail.put(replyKey(runner.id, a.input.messageId), a.input.raw);
  const kit = replyKit(deps, a);
  if (checkin.redFlags.length > 0) return actOnRedFlags(deps, a, kit.footer.unsubscribeUrl);
  const commanded = await actOnCommand(deps, a, kit);
  if (commanded) return commanded;
  const scoreLinks = checkin.soreness === null ? { checkinLinks: scoreLinksOf(kit.links, runner.id, now) } : {};
  const { soreness, areas, note } = checkin;
  await kit.answer(
    renderAck({ profile: kit.profile, soreness, areas, note, unclear: a.unclear, ...scoreLinks, footer: kit.footer }),
    "ack",
  );
  logger.info("check-in recorded", { runnerId: runner.id, soreness, areas: areas.length });
  return { kind: "checkin", runnerId: runner.id, soreness };
};
