import { METRIC } from "../lib/metric-names.js";
import { countBy, gauge } from "../lib/metrics.js";
import { logger } from "../lib/logger.js";

/** SES's 24-hour sending quota as GetAccount reports it. Max24HourSend is -1 for an unlimited account. */
export interface SendQuota {
  max24HourSend: number;
  sentLast24Hours: number;
}

/**
 * The share of the 24-hour quota weekly emails leave unused, for the one-off emails (confirmations,
 * acknowledgements, triage replies) that must not be refused once the drip has used its share.
 */
export const QUOTA_RESERVE = 0.05;

/**
 * How many weekly emails this tick may still send: the quota left less the reserve, or Infinity when the
 * quota is unknown (GetAccount failed: sending goes on, SES itself refuses past the quota) or unlimited.
 */
export const quotaAllowance = (quota: SendQuota | undefined): number => {
  if (!quota || quota.max24HourSend < 0) return Number.POSITIVE_INFINITY;
  const left = quota.max24HourSend - quota.sentLast24Hours;
  return Math.max(0, Math.floor(left - quota.max24HourSend * QUOTA_RESERVE));
};

/** Reads the quota, or undefined (with a warning) when it cannot be read: never a reason to stop sending. */
export const readQuota = async (read: (() => Promise<SendQuota | undefined>) | undefined): Promise<SendQuota | undefined> => {
  if (!read) return undefined;
  try {
    const quota = await read();
    if (quota && quota.max24HourSend > 0) {
      gauge(METRIC.dailyQuotaLeft, Math.max(0, quota.max24HourSend - quota.sentLast24Hours));
      gauge(METRIC.dailyQuotaUsedPercent, Math.min(100, (100 * quota.sentLast24Hours) / quota.max24HourSend), "Percent");
    }
    return quota;
  } catch (error) {
    logger.warn("GetAccount failed; sending without the 24-hour quota check", { error: error instanceof Error ? error.name : "unknown" });
    return undefined;
  }
};

/** The weekly-email metrics of one run (dispatcher or sender batch). */
export const recordWeeklyMetrics = (result: { sent: number; skipped: number; failed: number }): void => {
  countBy(METRIC.emailsSent, "type", "weekly", result.sent);
  countBy(METRIC.emailsSkipped, "type", "weekly", result.skipped);
  countBy(METRIC.emailsFailed, "type", "weekly", result.failed);
};
