import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { InboundInput } from "../../functions/app/inbound.js";
import { createInboundHandler } from "../../functions/handlers/inbound.js";
import { localContext } from "../../infra/local/lambda-context.js";
import { Links } from "../../functions/app/links.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { OperatorAlerts } from "../../functions/ports/alerts.js";
import type { Deps } from "../../functions/wiring.js";
import { activeRunner } from "../support/runners.js";

/** The signed reply address a runner's weekly email carries in Reply-To. */
export const replyAddress = (deps: Deps, runner: Runner, now: Date): string =>
  new Links(deps.keys, "https://coach.legwork.example", deps.config.LEGWORK_REPLY_DOMAIN).replyTo(runner.id, now);

/** A reply as a mail client would send it: plain text with the quoted weekly email below. */
export const replyMime = async (input: {
  from: string;
  to: string;
  text: string;
  subject?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string }[];
}): Promise<Buffer> =>
  new MailComposer({
    from: input.from,
    to: input.to,
    subject: input.subject ?? "Re: Week 2 of 10: Mostly easy running",
    text: `${input.text}\n\nOn Mon, 7 Dec 2026 at 07:00, Legwork Coach <coach@legwork.example> wrote:\n> How are your legs? Reply with a number from 0 to 10.\n> Week 2 of 10. 5-10 minutes, 2-3 sets of 8-15 reps.\n`,
    headers: input.headers,
    attachments: input.attachments,
  } as ConstructorParameters<typeof MailComposer>[0])
    .compile()
    .build();

export const PASS = { spam: "PASS", virus: "PASS", spf: "PASS", dkim: "PASS", dmarc: "PASS" };

let seq = 0;

/** What the receipt rule hands handleInbound for one message: passing verdicts unless overridden. */
export const inboundInput = (raw: Buffer, to: string, receivedAt: Date, overrides: Partial<InboundInput> = {}): InboundInput => ({
  messageId: `msg${Date.now()}${seq++}`,
  receivedAt: receivedAt.toISOString(),
  recipients: [to],
  verdicts: PASS,
  raw,
  ...overrides,
});

/** An operator-alerts fake that records every alert, to replace deps.alerts. */
export const recordingAlerts = (): OperatorAlerts & { sent: Parameters<OperatorAlerts["redFlag"]>[0][] } => {
  const sent: Parameters<OperatorAlerts["redFlag"]>[0][] = [];
  return {
    sent,
    redFlag: async (alert) => {
      sent.push(alert);
    },
  };
};

/**
 * SES failing once: deps.mailer throws on the first email whose Message-ID is `<kind.…>` (triage, ack,
 * stop, pause, resume), before anything is sent; every other send, and every later one, goes through.
 */
export const failFirstSend = (deps: Deps, kind: string): { failed: number } => {
  const state = { failed: 0 };
  const real = deps.mailer.send.bind(deps.mailer);
  deps.mailer.send = async (email) => {
    if (state.failed === 0 && email.messageId.startsWith(`<${kind}.`)) {
      state.failed++;
      throw new Error(`SES is failing (test): ${kind}`);
    }
    return real(email);
  };
  return state;
};

/** Runs the inbound Lambda handler, as the receipt rule invokes it, on these deps. */
export const receiveSesEvent = (deps: Deps, event: unknown) =>
  createInboundHandler(async () => deps)(event, localContext("legwork-inbound"));

/** A runner with sore calves on Mondays at 07:00 London, whose week 1 went out on 30 November 2026. */
export const mondayRunner = (deps: Deps): Promise<Runner> =>
  activeRunner(deps, new Date("2026-11-30T00:00:00Z"), {
    soreAreas: ["calves"],
    week: 1,
    sendDay: "mon",
    sendHour: 7,
    timezone: "Europe/London",
  });
