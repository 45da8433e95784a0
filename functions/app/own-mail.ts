/**
 * What Legwork may have sent one runner, regenerated so the reply parser can tell Legwork's words from
 * the runner's by content (functions/domain/reply/own-mail.ts): the weekly emails around the runner's
 * week (lesson and recovery), an acknowledgement for each recent check-in and one without a score, the
 * triage reply, the STOP/PAUSE/RESUME replies and the notices (confirmation, welcome, unsubscribed).
 * Links and numbers are not compared, so links signed at another time and other scores still match.
 */
import { RED_FLAGS, ownMailOf } from "../domain/reply/index.js";
import type { OwnMail } from "../domain/reply/index.js";
import type { Runner } from "../domain/profile.js";
import { profileOf } from "../domain/profile.js";
import type { RenderedEmail } from "../domain/render/index.js";
import {
  PROGRAMME_WEEKS,
  renderAck,
  renderCommandReply,
  renderConfirmation,
  renderTriage,
  renderUnsubscribed,
  renderWelcome,
} from "../domain/render/index.js";
import type { Deps } from "../wiring.js";
import { weeklyEmail } from "./dispatch.js";
import { senderDomain } from "./envelope.js";
import { linksOf } from "./links.js";
import { footerOf } from "./triage.js";

const WEEK_MS = 7 * 86_400_000;

/** Addresses Legwork writes from and asks replies to; a quote's attribution names one of them. */
const addressesOf = (deps: Deps): string[] => {
  const from = /<([^<>@\s]+@[^<>\s]+)>/.exec(deps.config.LEGWORK_FROM)?.[1] ?? deps.config.LEGWORK_FROM;
  return [from, `@${deps.config.LEGWORK_REPLY_DOMAIN}`, `@${senderDomain(deps.config.LEGWORK_FROM)}`];
};

/** One email Legwork may have sent, named by its type. */
export interface SentEmail extends RenderedEmail {
  name: string;
}

const named = (name: string, email: RenderedEmail): SentEmail => ({ name, subject: email.subject, text: email.text, html: email.html });

const weeklies = (deps: Deps, runner: Runner, now: Date): SentEmail[] => {
  const links = linksOf(deps);
  const out: SentEmail[] = [];
  for (let week = Math.max(1, runner.week - 1); week <= Math.min(PROGRAMME_WEEKS, runner.week + 1); week++) {
    out.push(named("weekly", weeklyEmail(deps.config, links, runner, { kind: "lesson", week }, now)));
  }
  out.push(named("recovery", weeklyEmail(deps.config, links, runner, { kind: "recovery", week: Math.max(1, runner.week) }, now)));
  return out;
};

const replies = (deps: Deps, runner: Runner, now: Date, notes: readonly string[]): SentEmail[] => {
  const links = linksOf(deps);
  const footer = footerOf(deps, links, runner, now);
  const profile = profileOf(runner);
  const later = new Date(now.getTime() + 2 * WEEK_MS).toISOString();
  const recent = runner.recentCheckins ?? [];
  const heard = [...new Set(recent.flatMap((c) => c.redFlags ?? []))];
  return [
    named("ack", renderAck({ profile, soreness: null, areas: [], footer })),
    ...recent.map((c) => named("ack", renderAck({ profile, soreness: c.soreness, areas: c.areas, footer }))),
    ...notes.map((note) => named("ack", renderAck({ profile, soreness: null, areas: [], note, footer }))),
    named(
      "triage",
      renderTriage({ profile, redFlags: heard.length > 0 ? heard : [...RED_FLAGS], areas: runner.soreAreas, resumeHint: "", footer }),
    ),
    named(
      "triage",
      renderTriage({
        profile,
        redFlags: [...RED_FLAGS],
        areas: runner.soreAreas,
        resumeHint: "",
        unsubscribedUndoUrl: footer.unsubscribeUrl,
        footer,
      }),
    ),
    named("stop", renderCommandReply({ profile, command: "stop", undoUrl: footer.unsubscribeUrl, footer })),
    named("pause", renderCommandReply({ profile, command: "pause", pausedUntil: later, footer })),
    named("resume", renderCommandReply({ profile, command: "resume", nextSendAt: later, footer })),
    named("confirmation", renderConfirmation({ profile, confirmUrl: footer.preferencesUrl, postalAddress: footer.postalAddress })),
    named("welcome", renderWelcome({ profile, firstSendAt: later, footer })),
    named("unsubscribed", renderUnsubscribed({ profile, resubscribeUrl: footer.preferencesUrl, postalAddress: footer.postalAddress })),
  ];
};

/** Every email Legwork may have sent this runner lately, regenerated. `notes`: the runner's earlier replies. */
export const sentEmailsFor = (deps: Deps, runner: Runner, now: Date, notes: readonly string[] = []): SentEmail[] => [
  ...weeklies(deps, runner, now),
  ...replies(deps, runner, now, notes),
];

/**
 * The fingerprint of what Legwork sent this runner, for `parseMessage(raw, limits, own)`. `notes`: the
 * runner's recent replies, which acknowledgements quote back.
 * @example const own = ownMailFor(deps, runner, now, []); await parseMessage(raw, {}, own);
 */
export const ownMailFor = (deps: Deps, runner: Runner, now: Date, notes: readonly string[] = []): OwnMail =>
  ownMailOf(sentEmailsFor(deps, runner, now, notes), addressesOf(deps));
