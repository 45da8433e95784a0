/**
 * Whether an inbound email may change anything, from what SES says about it. Pure.
 *
 * | check | passes when |
 * | --- | --- |
 * | spam, virus | PASS |
 * | sender authentication | SPF PASS or DKIM PASS (one aligned mechanism is what DMARC asks) |
 * | DMARC | anything but FAIL (GRAY: the sender's domain publishes no policy) |
 */
export interface Verdicts {
  spam: string;
  virus: string;
  spf: string;
  dkim: string;
  dmarc: string;
}

export type Screen = { ok: true } | { ok: false; reason: string };

export const screenVerdicts = (v: Verdicts): Screen => {
  if (v.spam !== "PASS") return { ok: false, reason: "spam_verdict" };
  if (v.virus !== "PASS") return { ok: false, reason: "virus_verdict" };
  if (v.spf !== "PASS" && v.dkim !== "PASS") return { ok: false, reason: "not_authenticated" };
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
