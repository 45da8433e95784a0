import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRICS_NAMESPACE, METRICS_SERVICE } from "./metric-names.js";

/**
 * The one metrics writer (Powertools, CloudWatch embedded metric format): metrics are buffered and written
 * as one EMF log line when a handler ends (the `logMetrics` middleware in every handler). No cost per
 * metric call: CloudWatch extracts them from the log.
 */
// CloudWatch reads EMF only from a Lambda function's log; elsewhere (the CLI, whose stdout is JSON for programs,
// the local stack, tests) the lines would only be noise, so they are off unless POWERTOOLS_METRICS_DISABLED says.
if (!process.env["AWS_LAMBDA_FUNCTION_NAME"]) process.env["POWERTOOLS_METRICS_DISABLED"] ??= "true";

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

/** Adds `value` (default 1) to a count metric. */
export const count = (name: string, value = 1): void => {
  if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
};

/** A count with one dimension of its own (`type`, `reason`), written at once as its own EMF line. */
export const countBy = (name: string, dimension: string, value: string, amount = 1): void => {
  if (amount <= 0) return;
  const single = metrics.singleMetric();
  single.addDimension(dimension, value);
  single.addMetric(name, MetricUnit.Count, amount);
};

/** A point-in-time value (a backlog, a quota). */
export const gauge = (name: string, value: number, unit: "Count" | "Percent" = "Count"): void => {
  metrics.addMetric(name, unit === "Percent" ? MetricUnit.Percent : MetricUnit.Count, value);
};
