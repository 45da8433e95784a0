import { SAMPLE_PROFILE, previewRunner } from "../../app/sample-runner.js";
import { NotAnOperatorError, TEST_SEND_TYPES, testSend } from "../../app/operator/test-send.js";
import type { TestSendType } from "../../app/operator/test-send.js";
import { listHeld, resumeHeld } from "../../app/operator/triage.js";
import { searchRunners, timelineOf } from "../../app/operator/reads.js";
import { operatorEmails } from "../../config.js";
import { signupSchema } from "../../domain/profile.js";
import { PROGRAMME_WEEKS } from "../../domain/render/index.js";
import type { Deps } from "../../wiring.js";
import type { HttpEvent, HttpResult } from "../shared/http.js";
import { HttpError, first, query } from "../shared/http.js";
import { adminPage } from "./layout.js";
import { runnersBody, testSendBody, timelineBody, triageBody } from "./pages.js";
import { adminHtml, adminRoute, requireSession, requireSessionPost } from "./session.js";

type Page = (event: HttpEvent, deps: Deps) => Promise<HttpResult>;

const ID = /^[a-z0-9]{6,32}$/;
const idIn = (event: HttpEvent, pattern: RegExp): string => {
  const id = pattern.exec(event.rawPath)?.[1];
  if (!id || !ID.test(id)) throw new HttpError(404, "not_found", "There is nothing here.");
  return id;
};

export const getTriage: Page = adminRoute(async (event, deps) => {
  const s = await requireSession(event, deps);
  const notice = query(event, "resumed") ? "The runner was resumed; their next weekly email is scheduled." : undefined;
  return adminHtml(
    200,
    adminPage("Triage queue", triageBody(await listHeld(deps), s.csrf, notice), { csrf: s.csrf, operator: s.session.operator }),
  );
});

export const RESUME_PATH = /^\/admin\/triage\/([^/]+)\/resume$/;

export const postResume: Page = adminRoute(async (event, deps) => {
  const s = await requireSessionPost(event, deps);
  await resumeHeld(deps, { id: idIn(event, RESUME_PATH), operator: s.session.operator, note: first(s.form["note"]) ?? "" });
  return { statusCode: 303, headers: { location: "/admin/triage?resumed=1", "cache-control": "no-store" }, body: "" };
});

export const getRunners: Page = adminRoute(async (event, deps) => {
  const s = await requireSession(event, deps);
  const q = (query(event, "q") ?? "").slice(0, 254);
  const found = q ? await searchRunners(deps, q) : [];
  return adminHtml(200, adminPage("Runners", runnersBody(q, found), { csrf: s.csrf, operator: s.session.operator }));
});

export const RUNNER_PATH = /^\/admin\/runners\/([^/]+)$/;

export const getRunner: Page = adminRoute(async (event, deps) => {
  const s = await requireSession(event, deps);
  const { runner, entries } = await timelineOf(deps, idIn(event, RUNNER_PATH));
  return adminHtml(200, adminPage(`Runner ${runner.id}`, timelineBody(runner, entries), { csrf: s.csrf, operator: s.session.operator }));
});

export const getTestSend: Page = adminRoute(async (event, deps) => {
  const s = await requireSession(event, deps);
  const body = testSendBody({ csrf: s.csrf, operators: operatorEmails(deps.config), to: s.session.operator });
  return adminHtml(200, adminPage("Test send", body, { csrf: s.csrf, operator: s.session.operator }));
});

export const postTestSend: Page = adminRoute(async (event, deps) => {
  const s = await requireSessionPost(event, deps);
  const to = first(s.form["to"]) ?? "";
  const type = first(s.form["type"]) as TestSendType;
  const week = Number(first(s.form["week"]) ?? 1);
  if (!TEST_SEND_TYPES.includes(type) || !Number.isInteger(week) || week < 1 || week > PROGRAMME_WEEKS)
    throw new HttpError(400, "invalid_input", "Choose an email type and a week from 1 to 10.", [
      { path: "type", message: "is not a known email" },
    ]);
  const profile = signupSchema.parse({ ...SAMPLE_PROFILE, consent: true });
  const page = (result: { ok: boolean; text: string }, status: number) =>
    adminHtml(
      status,
      adminPage("Test send", testSendBody({ csrf: s.csrf, operators: operatorEmails(deps.config), to, result }), {
        csrf: s.csrf,
        operator: s.session.operator,
      }),
    );
  try {
    const sent = await testSend(deps, {
      to,
      type,
      runner: previewRunner(profile, { week, now: deps.now() }),
      operator: s.session.operator,
    });
    return page({ ok: true, text: `Sent "${sent.subject}" to ${sent.to}.` }, 200);
  } catch (error) {
    if (error instanceof NotAnOperatorError)
      return page({ ok: false, text: "Test emails go only to addresses on the operator list. Nothing was sent." }, 400);
    throw error;
  }
});
