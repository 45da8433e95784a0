/**
 * Legwork's own CloudWatch metrics: one namespace, one `service` dimension for every function, so an
 * alarm or dashboard widget names a metric the same way whichever function emits it. Plain values
 * (no Powertools import), so the CDK app can share them.
 */
export const METRICS_NAMESPACE = "Legwork";
export const METRICS_SERVICE = "legwork";

export const METRIC = {
  /** Emails SES accepted, with dimension `type` (weekly, transactional). */
  emailsSent: "EmailsSent",
  /** Emails SES refused or that failed every retry, with dimension `type`. */
  emailsFailed: "EmailsFailed",
  /** Weekly emails not sent because another run held or had done the week, with dimension `type`. */
  emailsSkipped: "EmailsSkipped",
  /** Runners due at a tick (dispatcher). */
  dueBacklog: "DueBacklog",
  /** Sends left in SES's 24-hour quota at a tick, and the share of it used (percent). */
  dailyQuotaLeft: "DailyQuotaLeft",
  dailyQuotaUsedPercent: "DailyQuotaUsedPercent",
  /** Due runners left for a later tick because the 24-hour quota was near. */
  quotaDeferred: "QuotaDeferred",
  checkins: "CheckIns",
  redFlags: "RedFlags",
  /** Replies recorded nowhere, with dimension `reason`. */
  repliesDropped: "RepliesDropped",
  signups: "Signups",
  confirmations: "Confirmations",
  bounces: "Bounces",
  complaints: "Complaints",
} as const;

/** The `type` dimension of the email metrics. */
export type EmailType = "weekly" | "transactional";
