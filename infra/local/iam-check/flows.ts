/**
 * The flows the statement-removal check runs: Legwork's whole path, each step in its own function under
 * its own role. A flow throws when it does not do what it should (an assertion in plain words).
 */
import { randomBytes } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { Runner } from "../../../functions/domain/profile.js";
import { parseTokenKeys, signToken } from "../../../functions/domain/tokens.js";
import { sesEvent, DEFAULT_VERDICTS } from "../smtp.js";
import { activationFor, activeRunner, address, check, emailsTo, feedbackEvent, form, httpEvent, links, tokenOf } from "./flow-support.js";
import { createSignInLink } from "../../../functions/app/operator/auth.js";
import type { World } from "./world.js";
import { BASE_URL } from "./world.js";

export interface Flow {
  name: string;
  run(world: World): Promise<void>;
}

const signupFlow: Flow = {
  name: "signup",
  run: async (w) => {
    const email = address("signup");
    const res = await w.web(httpEvent("POST", "/api/subscribe", JSON.stringify({ email, consent: true }), "application/json"));
    check(res.statusCode === 202, `POST /api/subscribe answers 202 (got ${res.statusCode})`);
    const queue = w.env("web")["LEGWORK_SIGNUP_QUEUE_URL"]!;
    check((await w.drain(queue, "web")).batchItemFailures.length === 0, "the signup job succeeds");
    check((await emailsTo(w, email)).length === 1, "the confirmation email is sent");
  },
};

const confirmFlow: Flow = {
  name: "confirm",
  run: async (w) => {
    const deps = await w.setupDeps();
    const runner = activationFor(address("confirm"), new Date());
    await deps.runners.create(runner);
    const token = tokenOf(links(w).confirm(runner.id, new Date()));
    const res = await w.web(httpEvent("POST", "/confirm", ...form({ token })));
    check(res.statusCode === 200, `POST /confirm answers 200 (got ${res.statusCode})`);
    check((await deps.runners.getById(runner.id))?.status === "active", "the runner is active");
    check((await emailsTo(w, runner.email)).length === 1, "the welcome email is sent");
  },
};

const preferencesFlow: Flow = {
  name: "preferences",
  run: async (w) => {
    const runner = await activeRunner(w, "prefs");
    const token = tokenOf(links(w).preferences(runner.id, new Date()));
    const page = await w.web(httpEvent("GET", `/preferences?token=${token}`));
    check(page.statusCode === 200, `GET /preferences answers 200 (got ${page.statusCode})`);
    const save = await w.web(httpEvent("POST", "/preferences", ...form({ token, action: "pause", weeks: "2" })));
    check(save.statusCode === 200, `POST /preferences (pause) answers 200 (got ${save.statusCode})`);
  },
};

const unsubscribeFlow: Flow = {
  name: "unsubscribe",
  run: async (w) => {
    const runner = await activeRunner(w, "unsub");
    const token = tokenOf(links(w).unsubscribe(runner.id, new Date()));
    const res = await w.web(httpEvent("POST", `/unsubscribe?token=${token}`, ...form({ "List-Unsubscribe": "One-Click" })));
    check(res.statusCode === 200, `one-click unsubscribe answers 200 (got ${res.statusCode})`);
    check((await (await w.setupDeps()).runners.getById(runner.id))?.status === "unsubscribed", "the runner is unsubscribed");
  },
};

const replyMime = (from: string, to: string, text: string): Promise<Buffer> =>
  new MailComposer({ from, to, subject: "Re: Week 1", text } as ConstructorParameters<typeof MailComposer>[0]).compile().build();

/** SES stores the reply under inbound/ (the receipt rule's S3 action), then invokes inbound. */
const deliverReply = async (w: World, runner: Runner, text: string, messageId = randomBytes(20).toString("hex")) => {
  const to = links(w).replyTo(runner.id, new Date());
  w.options.standIns.objects.set(`legwork-replies/inbound/${messageId}`, await replyMime(runner.email, to, text));
  const event = sesEvent({
    messageId,
    from: runner.email,
    recipients: [to],
    verdicts: DEFAULT_VERDICTS,
    at: new Date(),
    bucketKey: `inbound/${messageId}`,
  });
  return { event, outcomes: await w.inbound(event) };
};

const inboundFlow: Flow = {
  name: "inbound reply",
  run: async (w) => {
    const runner = await activeRunner(w, "reply");
    const { event, outcomes } = await deliverReply(w, runner, "calves about a 6 today");
    check(outcomes?.[0]?.kind === "checkin", `the reply is a check-in (got ${JSON.stringify(outcomes)})`);
    check((await emailsTo(w, runner.email)).length === 1, "the acknowledgement is sent");
    check(
      [...w.options.standIns.objects.keys()].some((k) => k.startsWith(`legwork-replies/replies/${runner.id}/`)),
      "the reply is kept under replies/",
    );
    const again = await w.inbound(event);
    check(again?.[0]?.kind === "ignored", `a redelivery reads as already processed (got ${JSON.stringify(again)})`);
  },
};

const redFlagFlow: Flow = {
  name: "inbound red flag",
  run: async (w) => {
    const runner = await activeRunner(w, "flag");
    const { outcomes } = await deliverReply(w, runner, "sharp pain in my shin, I'm limping");
    check(outcomes?.[0]?.kind === "triage", `the reply is triaged (got ${JSON.stringify(outcomes)})`);
    check(
      w.options.standIns.published.some((p) => p.message.includes(runner.id)),
      "the operator alert is published",
    );
  },
};

const inboundFailureFlow: Flow = {
  name: "inbound failure to dead letters",
  run: async (w) => {
    const runner = await activeRunner(w, "fail");
    const messageId = `fail-${randomBytes(8).toString("hex")}`;
    await deliverReply(w, runner, "calves 5", messageId);
    const name = w.options.policies.roles.inbound.onFailureArn?.split(":").pop() ?? "";
    check(
      (w.options.standIns.queues.get(name) ?? []).some((m) => m.includes(messageId)),
      "the failed event is kept on the on-failure queue",
    );
  },
};

const dispatchFlow = (fanout: boolean): Flow => ({
  name: fanout ? "dispatch (fan-out)" : "dispatch (direct)",
  run: async (w) => {
    const runner = await activeRunner(w, fanout ? "fanout" : "direct");
    const result = (await w.dispatch(new Date(runner.nextSendAt!), fanout)) as { sent?: number; enqueued?: number };
    if (fanout) {
      check(result.enqueued === 1, `the dispatcher enqueues the runner (got ${JSON.stringify(result)})`);
      const queue = w.env("dispatcher")["LEGWORK_FANOUT_QUEUE_URL"]!;
      check((await w.drain(queue, "sender")).batchItemFailures.length === 0, "the sender sends the batch");
    } else check(result.sent === 1, `the dispatcher sends the weekly email (got ${JSON.stringify(result)})`);
    check((await emailsTo(w, runner.email)).length === 1, "the weekly email arrives");
  },
});

const exportDeleteFlow: Flow = {
  name: "export/delete",
  run: async (w) => {
    const runner = await activeRunner(w, "rights");
    w.options.standIns.objects.set(`legwork-replies/replies/${runner.id}/m1.eml`, Buffer.from("Subject: kept reply\r\n\r\ncalves 4\r\n"));
    const prefs = signToken(parseTokenKeys(w.keysJson), { purpose: "data", runnerId: runner.id, now: new Date() });
    const exported = await w.web(httpEvent("POST", `/api/export?token=${prefs}`, "{}", "application/json"));
    const listed = String(exported.body).includes(`replies/${runner.id}/m1.eml`);
    check(exported.statusCode === 200 && listed, `the export lists the stored reply (got ${exported.statusCode})`);
    const deleted = await w.web(httpEvent("POST", `/api/delete?token=${prefs}`, "{}", "application/json"));
    check(deleted.statusCode === 200, `the deletion answers 200 (got ${deleted.statusCode})`);
    check(![...w.options.standIns.objects.keys()].some((k) => k.includes(runner.id)), "the stored replies are deleted");
  },
};

const feedbackFlow: Flow = {
  name: "feedback bounce/complaint/delivery",
  run: async (w) => {
    const deps = await w.setupDeps();
    for (const kind of ["delivery", "bounce", "complaint"] as const) {
      const runner = await activeRunner(w, kind);
      const summary = await w.feedback(feedbackEvent(kind, runner.email));
      check(summary && summary.malformed === 0, `the ${kind} event is read`);
      const status = (await deps.runners.getById(runner.id))?.status;
      check(status === { delivery: "active", bounce: "bounced", complaint: "complained" }[kind], `after a ${kind} the runner is ${status}`);
    }
  },
};

/** The operator dashboard on the web function: sign in with a one-time link, then the overview (stats over the table). */
const adminFlow: Flow = {
  name: "admin overview",
  run: async (w) => {
    const operator = w.env("web")["LEGWORK_OPERATOR_EMAILS"]?.split(",")[0] ?? "";
    const link = await createSignInLink(await w.deps("web"), operator, BASE_URL);
    const signIn = await w.web(httpEvent("POST", "/admin/sign-in", ...form({ token: tokenOf(link) })));
    const cookie = String(signIn.headers?.["set-cookie"] ?? "").split(";")[0] ?? "";
    check(signIn.statusCode === 303 && cookie, `the sign-in link starts a session (got ${signIn.statusCode})`);
    const overview = await w.web(httpEvent("GET", "/admin", undefined, undefined, [cookie]));
    check(overview.statusCode === 200, `GET /admin shows the overview (got ${overview.statusCode})`);
  },
};

export const FLOWS: readonly Flow[] = [
  adminFlow,
  signupFlow,
  confirmFlow,
  preferencesFlow,
  unsubscribeFlow,
  dispatchFlow(false),
  dispatchFlow(true),
  inboundFlow,
  redFlagFlow,
  inboundFailureFlow,
  exportDeleteFlow,
  feedbackFlow,
];
