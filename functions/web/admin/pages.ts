import type { HeldRunner } from "../../app/operator/triage.js";
import type { TimelineEntry } from "../../app/operator/reads.js";
import { TEST_SEND_TYPES } from "../../app/operator/test-send.js";
import type { Runner } from "../../domain/profile.js";
import { isHeldForTriage } from "../../domain/profile.js";
import { PROGRAMME_WEEKS } from "../../domain/render/index.js";
import { escapeHtml as e } from "../../lib/escape.js";
import { csrfField, table } from "./layout.js";

const flags = (codes: string[]): string => codes.map((f) => `<span class="flag">${e(f.replace(/_/g, " "))}</span>`).join("") || "–";
const runnerLink = (r: Pick<Runner, "id" | "email">): string => `<a href="/admin/runners/${e(r.id)}">${e(r.email)}</a>`;

/** One held runner: when, which flags, what they wrote, and a resume form with a required note. */
const heldCard = (h: HeldRunner, csrf: string): string => `<section class="card" aria-labelledby="held-${e(h.id)}">
<h2 id="held-${e(h.id)}">${runnerLink(h)}${h.name ? ` (${e(h.name)})` : ""}</h2>
<p>Held since ${e(h.heldAt)}, after week ${h.week}. Red flags: ${flags(h.redFlags)}</p>
<p class="note">What they wrote:</p><blockquote>${e(h.reply || "(no words kept: a score link)")}</blockquote>
<p class="note">Legwork answered at once with the triage email: stop running on it, see a physio or sports doctor, reply RESUME when cleared.</p>
<form method="post" action="/admin/triage/${e(h.id)}/resume">${csrfField(csrf)}
<label for="note-${e(h.id)}">Why can they resume? (recorded with your address)</label>
<textarea id="note-${e(h.id)}" name="note" rows="2" maxlength="500" required></textarea>
<button type="submit">Resume their emails</button></form></section>`;

export const triageBody = (held: HeldRunner[], csrf: string, notice?: string): string =>
  `${notice ? `<p class="msg" role="status">${e(notice)}</p>` : ""}<p>${held.length} runner${held.length === 1 ? "" : "s"} held for a red flag, longest first. Their emails stay paused until they reply RESUME or you resume them here.</p>` +
  (held.map((h) => heldCard(h, csrf)).join("") || '<div class="card"><p>Nobody is held right now.</p></div>');

const statusText = (r: Runner): string =>
  isHeldForTriage(r) ? "held (red flag)" : r.status === "paused" && r.pausedUntil ? `paused until ${r.pausedUntil.slice(0, 10)}` : r.status;

export const runnersBody = (q: string, found: Runner[]): string =>
  `<form class="card" method="get" action="/admin/runners" role="search"><label for="q">Email address or name</label>
<input id="q" name="q" type="search" value="${e(q)}" maxlength="254"><button type="submit">Search</button></form>` +
  (q
    ? `<div class="card">${table(
        `${found.length} found for "${q}"`,
        ["Email", "Name", "Status", "Week", "Next email"],
        found.map((r) => [runnerLink(r), e(r.name ?? ""), e(statusText(r)), String(r.week), e(r.nextSendAt ?? "–")]),
      )}</div>`
    : "");

export const timelineBody = (runner: Runner, entries: TimelineEntry[]): string =>
  `<div class="card"><p><strong>${e(runner.email)}</strong>${runner.name ? ` (${e(runner.name)})` : ""}: ${e(statusText(runner))}, week ${runner.week} of ${PROGRAMME_WEEKS}.</p>
<p class="note">${e(runner.level)} runner, goal ${e(runner.goal)}, ${runner.runsPerWeek} runs a week, emails on ${e(runner.sendDay)} at ${runner.sendHour}:00 ${e(runner.timezone)}.</p></div>
<div class="card"><h2>Timeline</h2>${table(
    "Oldest first",
    ["When", "What", "Detail"],
    entries.map((x) => [e(x.at), e(x.kind), e(x.summary)]),
  )}</div>`;

export const testSendBody = (input: { csrf: string; operators: string[]; to: string; result?: { ok: boolean; text: string } }): string => {
  const result = input.result ? `<p class="${input.result.ok ? "msg" : "alert"}" role="status">${e(input.result.text)}</p>` : "";
  return `${result}<form class="card" method="post" action="/admin/test-send">${csrfField(input.csrf)}
<p>Sends the email exactly as Legwork builds it, for a sample runner, with "[Test]" before the subject. Only addresses on the operator list (${e(input.operators.join(", "))}) can receive it.</p>
<label for="to">Send to</label><input id="to" name="to" type="email" required maxlength="254" value="${e(input.to)}">
<label for="type">Email</label><select id="type" name="type">${TEST_SEND_TYPES.map((t) => `<option value="${t}">${t}</option>`).join("")}</select>
<label for="week">Week (weekly emails)</label><input id="week" name="week" type="number" min="1" max="${PROGRAMME_WEEKS}" value="1">
<button type="submit">Send test email</button></form>`;
};
