/** The SES receipt verdicts of one inbound message: "PASS", "FAIL", "GRAY" or "PROCESSING_FAILED". */
export interface Verdicts {
  spam: string;
  virus: string;
  spf: string;
  dkim: string;
  dmarc: string;
}

export type Screen = { ok: true } | { ok: false; reason: string };

/**
 * Whether an inbound email may change anything, from what SES says about it. Pure. Checked in this
 * order; the first failure names the reason.
 *
 * | check | passes when | else |
 * | --- | --- | --- |
 * | spam, virus | PASS | `spam_verdict`, `virus_verdict` |
 * | sender authentication | SPF PASS or DKIM PASS (one aligned mechanism is what DMARC asks) | `not_authenticated` |
 * | DKIM | anything but FAIL: a signature that does not verify means the message was altered or forged, whatever SPF says (GRAY, an unsigned message, is fine when SPF passes) | `dkim_fail` |
 * | DMARC | anything but FAIL (GRAY: the sender's domain publishes no policy) | `dmarc_fail` |
 *
 * So a message is rejected when DKIM is FAIL, or DMARC is FAIL, or neither SPF nor DKIM is PASS.
 */
export const screenVerdicts = (v: Verdicts): Screen => {
  if (v.spam !== "PASS") return { ok: false, reason: "spam_verdict" };
  if (v.virus !== "PASS") return { ok: false, reason: "virus_verdict" };
  if (v.spf !== "PASS" && v.dkim !== "PASS") return { ok: false, reason: "not_authenticated" };
  if (v.dkim === "FAIL") return { ok: false, reason: "dkim_fail" };
  if (v.dmarc === "FAIL") return { ok: false, reason: "dmarc_fail" };
  return { ok: true };
};

const REPLY_ADDRESS = /^checkin\+([a-z0-9.]{1,80})@([^@\s]+)$/;

/** The signed token from the first recipient `checkin+<token>@<replyDomain>`, if any. */
export const replyToken = (recipients: readonly string[], replyDomain: string): string | undefined => {
  for (const recipient of recipients) {
    const match = REPLY_ADDRESS.exec(recipient.trim().replace(/^.*<|>$/g, ""));
    if (match && match[2]!.toLowerCase() === replyDomain.toLowerCase()) return match[1];
  }
  return undefined;
};
