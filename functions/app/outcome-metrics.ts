import { METRIC } from "../lib/metric-names.js";
import { count, countBy } from "../lib/metrics.js";
import type { MailFeedback } from "./feedback.js";
import type { InboundOutcome } from "./inbound.js";

/** Check-ins, red flags and dropped replies (by reason) from what the inbound function did with each reply. */
export const recordInboundMetrics = (outcomes: readonly InboundOutcome[]): void => {
  for (const outcome of outcomes) {
    if (outcome.kind === "checkin") count(METRIC.checkins);
    else if (outcome.kind === "triage") {
      count(METRIC.checkins);
      count(METRIC.redFlags);
    } else if (outcome.kind === "rejected" || outcome.kind === "ignored") {
      // Reasons are short codes (dkim_fail, token_ExpiredTokenError…): a bounded set of dimension values.
      countBy(METRIC.repliesDropped, "reason", outcome.reason.slice(0, 64));
    }
  }
};

/** Bounces and complaints, from each feedback event (the summary does not split them). */
export const recordFeedbackMetrics = (feedback: readonly MailFeedback[]): void => {
  for (const event of feedback) {
    if (event.kind === "bounce") count(METRIC.bounces);
    else if (event.kind === "complaint") count(METRIC.complaints);
  }
};
