import type { Config } from "../config.js";
import { needsRecoveryWeek } from "../domain/adapt.js";
import type { Runner } from "../domain/profile.js";
import { profileOf } from "../domain/profile.js";
import { PROGRAMME_WEEKS, renderRecoveryWeek, renderWeek } from "../domain/render/index.js";
import type { OutgoingEmail } from "../mail/mime.js";
import { envelope } from "./envelope.js";
import type { Links } from "./links.js";

/** What goes out in one slot: the next lesson, or a recovery week that holds the lesson for a week. */
export type Send = { kind: "lesson"; week: number } | { kind: "recovery"; week: number };

export const planSend = (runner: Runner): Send =>
  needsRecoveryWeek(runner.recentCheckins ?? [], runner.lastRecoveryWeekAt)
    ? { kind: "recovery", week: runner.week }
    : { kind: "lesson", week: runner.week + 1 };

/** The weekly email for a runner, as it is sent. Message-ID derives from (runner, week). */
export const weeklyEmail = (config: Config, links: Links, runner: Runner, send: Send | number, now: Date): OutgoingEmail => {
  const plan: Send = typeof send === "number" ? { kind: "lesson", week: send } : send;
  const unsubscribeUrl = links.unsubscribe(runner.id, now);
  const input = {
    profile: profileOf(runner),
    footer: { unsubscribeUrl, preferencesUrl: links.preferences(runner.id, now), postalAddress: config.LEGWORK_POSTAL_ADDRESS },
    checkinLinks: [
      { label: "0–2", url: links.checkin(runner.id, now, 1) },
      { label: "3–5", url: links.checkin(runner.id, now, 4) },
      { label: "6–8", url: links.checkin(runner.id, now, 7) },
      { label: "9–10", url: links.checkin(runner.id, now, 9) },
    ],
    checkins: runner.recentCheckins ?? [],
  };
  const rendered =
    // A recovery send's week is the last lesson sent; the email holds back (and plans) the one after it.
    plan.kind === "recovery"
      ? renderRecoveryWeek({ ...input, week: Math.min(PROGRAMME_WEEKS, Math.max(1, plan.week + 1)) })
      : renderWeek({ ...input, week: plan.week });
  const kind = plan.kind === "recovery" ? "recovery" : "week";
  return envelope(config, { kind: "weekly", to: runner, rendered, messageKey: `${kind}${plan.week}.${runner.id}`, now, links });
};
