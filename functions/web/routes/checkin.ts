import * as z from "zod/mini";
import "../../domain/zod-locale.js";
import { openCheckin, recordLinkCheckin } from "../../app/checkin-link.js";
import { ValidationError } from "../../domain/errors.js";
import type { SoreArea } from "../../domain/profile.js";
import { SORE_AREAS, wholeNumber } from "../../domain/profile.js";
import { areaName, listOf } from "../../domain/personalise/index.js";
import { escapeHtml as e } from "../../lib/escape.js";
import { ackSubject } from "../../domain/curriculum/replies.js";
import { joinPhrases, redFlagWords } from "../../domain/curriculum/shared.js";
import type { Deps } from "../../wiring.js";
import type { HttpEvent, HttpResult } from "../shared/http.js";
import { first, html, parseBody, query } from "../shared/http.js";
import { layout } from "../shared/pages.js";
import type { FieldIssue } from "../../domain/errors.js";
import { checkboxes, errorSummary, fieldError, invalidAttrs, select } from "../shared/form-parts.js";
import { requireToken } from "./tokens.js";

const checkinForm = z.object({
  token: z.string().check(z.minLength(1, "token is required"), z.maxLength(200)),
  score: wholeNumber("score must be a whole number from 0 to 10", 0, 10),
  areas: z._default(
    z.array(z.enum(SORE_AREAS, { error: `areas may only contain ${SORE_AREAS.join(", ")}` })).check(z.maxLength(SORE_AREAS.length)),
    [],
  ),
  note: z._default(z.string().check(z.maxLength(1_000, "note must be at most 1,000 characters")), ""),
});

const CHECKIN_FIELDS = ["score", "areas", "note"];

const checkinPage = (
  token: string,
  score: number | undefined,
  name: string | undefined,
  checked: readonly SoreArea[] = [],
  errors: FieldIssue[] = [],
  note = "",
): string =>
  layout(
    "How are your legs?",
    `<h1>How are your legs${name ? `, ${e(name)}` : ""}?</h1>
<p class="notice" role="status" id="not-saved"><strong>Not saved yet.</strong> Check the score, add anything you like, then press <strong>Send my check-in</strong>.</p>
${errorSummary(errors, CHECKIN_FIELDS)}
<form class="card" method="post" action="/checkin" novalidate>
<input type="hidden" name="token" value="${e(token)}">
<label for="score">Soreness today, 0 (none) to 10 (worst)</label>
${select(
  "score",
  Array.from({ length: 11 }, (_, n) => [String(n), String(n)] as const),
  score === undefined ? "" : String(score),
  errors,
)}${fieldError(errors, "score")}
<fieldset><legend>Where is it sore? <span class="hint">(optional)</span></legend><div class="areas">
${checkboxes(
  "areas",
  SORE_AREAS.map((a) => [a, a.replace("-", " ")] as const),
  checked,
  errors,
)}
</div>${fieldError(errors, "areas")}</fieldset>
<label for="note">Anything else? <span class="hint">(optional)</span></label>
<textarea id="note" name="note" rows="3" maxlength="1000"${invalidAttrs(errors, "note")}>${e(note)}</textarea>${fieldError(errors, "note")}
<p class="hint">Sharp pain, swelling, pain at night or pain that keeps getting worse? Say so here: we'll pause your plan and tell you what to do.</p>
<button type="submit" id="send">Send my check-in</button></form>`,
  );

/** The check-in form again, for the same token, with what was sent filled in: how a runner corrects a check-in. */
const correctUrl = (token: string, score: number, areas: readonly SoreArea[]): string =>
  `/checkin?token=${encodeURIComponent(token)}&score=${score}${areas.length > 0 ? `&areas=${areas.join(",")}` : ""}`;

/**
 * The page after POST /checkin: what was understood, as the email acknowledgement says it ("Got it:
 * 7/10, calves"), any warning signs the note held with the triage advice, and a link to correct it.
 */
const understoodPage = (input: { token: string; score: number; areas: readonly SoreArea[]; redFlags: readonly string[] }): string => {
  const got = ackSubject(input.score, listOf(input.areas.map(areaName)));
  const signs = joinPhrases(redFlagWords(input.redFlags));
  const correct = `<p><strong>Not right?</strong> Send the form again and the latest check-in counts.</p>
<p class="links"><a href="${e(correctUrl(input.token, input.score, input.areas))}" id="correct">Correct this check-in</a></p>`;
  if (input.redFlags.length > 0)
    return layout(
      "Please get this checked",
      `<h1>Please get this checked</h1><div class="card">
<p><strong>${e(got)}</strong>${signs ? `, and you told us about <strong>${e(signs)}</strong>` : ""}.</p>
<p>Thank you for telling us. What you describe is a reason to stop running on it for now and see a physio or sports doctor.</p>
<p>We've paused your weekly emails and sent you an email with what to tell them. Reply RESUME when you're ready to start again.</p>
${correct}</div>`,
    );
  return layout(
    got,
    `<h1>${e(got)}</h1><div class="card">
<p>Thanks for checking in. Your next email will take it into account.</p>
${correct}</div>`,
  );
};

/** GET /checkin?token=&score=N[&areas=a,b]: the form filled in; nothing is recorded until the runner sends it. */
export const getCheckin = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = requireToken(query(event, "token"));
  const runner = await openCheckin(deps, token);
  const score = Number(query(event, "score"));
  const asked = (query(event, "areas") ?? "").split(",");
  const areas = SORE_AREAS.filter((a) => asked.includes(a));
  return html(200, checkinPage(token, Number.isInteger(score) && score >= 0 && score <= 10 ? score : undefined, runner.name, areas));
};

/** POST /checkin: records the check-in (a red flag in the note gets the triage reply and pauses the plan). */
export const postCheckin = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const body = parseBody(event);
  const fields =
    body.kind === "form"
      ? body.value
      : body.kind === "json" && body.value && typeof body.value === "object"
        ? (body.value as Record<string, string | string[]>)
        : {};
  const areas = fields["areas"];
  const parsed = checkinForm.safeParse({
    token: query(event, "token") ?? first(fields["token"]),
    score: first(fields["score"]),
    areas: areas === undefined ? [] : Array.isArray(areas) ? areas : [areas],
    note: first(fields["note"]) ?? "",
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? "body"), message: i.message }));
    if (body.kind !== "form") throw new ValidationError("Please check your check-in.", issues);
    // A form gets its page back, with each problem beside its field; reading the runner checks the token.
    const token = requireToken(query(event, "token") ?? first(fields["token"]));
    const runner = await openCheckin(deps, token);
    const asked = Array.isArray(areas) ? areas : areas === undefined ? [] : [areas];
    const note = (first(fields["note"]) ?? "").slice(0, 1_000);
    return html(
      400,
      checkinPage(
        token,
        undefined,
        runner.name,
        SORE_AREAS.filter((a) => asked.includes(a)),
        issues,
        note,
      ),
    );
  }
  const token = requireToken(parsed.data.token);
  const heard = await recordLinkCheckin(deps, { token, soreness: parsed.data.score, areas: parsed.data.areas, note: parsed.data.note });
  return html(200, understoodPage({ token, score: parsed.data.score, areas: heard.areas, redFlags: heard.redFlags }));
};
