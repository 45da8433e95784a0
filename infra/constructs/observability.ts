import { Duration } from "aws-cdk-lib";
import type { IMetric } from "aws-cdk-lib/aws-cloudwatch";
import { ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric } from "aws-cdk-lib/aws-cloudwatch";
import { FilterPattern, MetricFilter } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from "../../functions/lib/metric-names.js";
import type { LegworkFunction } from "./legwork-function.js";
import type { OperatorAlerts } from "./operator-alerts.js";

/** SES account reputation thresholds: AWS reviews accounts at 5 % bounces and 0.1 % complaints. */
export const BOUNCE_RATE_ALARM = 0.02;
export const COMPLAINT_RATE_ALARM = 0.0008;
/** The dispatcher alarms when a run takes this share of its timeout: it is close to stopping early every tick. */
export const DURATION_ALARM_SHARE = 0.8;
/** Alarm when this much of SES's 24-hour quota is used. */
export const QUOTA_ALARM_PERCENT = 80;
const TICK = Duration.minutes(15);

export interface ObservabilityProps {
  readonly alerts: OperatorAlerts;
  readonly web: LegworkFunction;
  readonly dispatcher: LegworkFunction;
  /** Every function, by name, for errors and throttles. */
  readonly functions: Readonly<Record<string, LegworkFunction | undefined>>;
  /** Dead-letter queues, by name: any message in one raises an alarm. */
  readonly deadLetters: Readonly<Record<string, IQueue | undefined>>;
}

/** A Legwork metric (functions/lib/metric-names.ts), with the one service dimension and any of its own. */
export const legworkMetric = (name: string, statistic: string, extra: Record<string, string> = {}, period = TICK): Metric =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName: name, statistic, period, dimensionsMap: { service: METRICS_SERVICE, ...extra } });

/** One alarm at or above a threshold, to the operator topic. */
type Alarm = (alarmId: string, metric: IMetric, threshold: number, description: string, periods?: number) => void;

const alarmOn =
  (alerts: OperatorAlerts): Alarm =>
  (alarmId, metric, threshold, description, periods = 1) => {
    alerts.alarm(alarmId, {
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: `Legwork: ${description}`,
      evaluationPeriods: periods,
    });
  };

/** The SES account's bounce and complaint rates, well before AWS would review the account. */
const reputationAlarms = (alarm: Alarm): void => {
  const reputation = (metricName: string): Metric =>
    new Metric({ namespace: "AWS/SES", metricName, statistic: "Maximum", period: Duration.hours(1) });
  alarm(
    "BounceRate",
    reputation("Reputation.BounceRate"),
    BOUNCE_RATE_ALARM,
    "SES account bounce rate is at or above 2 % (AWS reviews at 5 %)",
  );
  alarm(
    "ComplaintRate",
    reputation("Reputation.ComplaintRate"),
    COMPLAINT_RATE_ALARM,
    "SES complaint rate is at or above 0.08 % (AWS reviews at 0.1 %)",
  );
};

/** Errors and throttles of every function, the web function's 5xx, and the dispatcher keeping up. */
const functionAlarms = (alarm: Alarm, props: ObservabilityProps): void => {
  for (const [name, fn] of Object.entries(props.functions)) {
    if (!fn) continue;
    alarm(
      `${name}Errors`,
      fn.function.metricErrors({ period: TICK, statistic: "Sum" }),
      1,
      `the ${name.toLowerCase()} function reported errors`,
    );
    alarm(
      `${name}Throttles`,
      fn.function.metricThrottles({ period: Duration.minutes(5), statistic: "Sum" }),
      1,
      `Lambda throttled the ${name.toLowerCase()} function`,
    );
  }
  alarm(
    "Web5xx",
    props.web.function.metric("Url5xxCount", { period: Duration.minutes(5), statistic: "Sum" }),
    5,
    "the web function answered 5xx",
  );
  const timeoutMs = props.dispatcher.function.timeout?.toMilliseconds() ?? 300_000;
  alarm(
    "DispatcherDuration",
    props.dispatcher.function.metricDuration({ period: TICK, statistic: "Maximum" }),
    timeoutMs * DURATION_ALARM_SHARE,
    "a dispatcher run took 80 % of its timeout: ticks no longer keep up (consider fan-out)",
  );
  const weeklyFailed = legworkMetric(METRIC.emailsFailed, "Sum", { type: "weekly" });
  alarm(
    "WeeklySendsFailed",
    weeklyFailed,
    1,
    "weekly emails failed on two ticks in a row (sandbox, unverified identity, SES refusing?)",
    2,
  );
  alarm(
    "DailyQuota",
    legworkMetric(METRIC.dailyQuotaUsedPercent, "Maximum"),
    QUOTA_ALARM_PERCENT,
    "over 80 % of SES's 24-hour quota is used",
  );
};

/** Any message in a dead-letter queue: something failed every retry. */
const deadLetterAlarms = (alerts: OperatorAlerts, deadLetters: ObservabilityProps["deadLetters"]): void => {
  for (const [name, queue] of Object.entries(deadLetters)) {
    if (!queue) continue;
    alerts.alarm(name, {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `Legwork: ${name}: a message failed every retry and waits in its dead-letter queue`,
    });
  }
};

/**
 * The operator's view: alarms (to the operator topic) and one dashboard over the same metrics. Legwork's
 * own metrics come from the functions as EMF log lines (Powertools Metrics); the web function's signups
 * and confirmations from metric filters on its log lines, which keeps the metrics library out of its bundle.
 */
export class Observability extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const alarm = alarmOn(props.alerts);
    reputationAlarms(alarm);
    functionAlarms(alarm, props);
    deadLetterAlarms(props.alerts, props.deadLetters);

    const webMetrics = this.webMetricFilters(props.web);
    this.dashboard = new Dashboard(this, "Dashboard", { defaultInterval: Duration.days(7) });
    this.dashboard.addWidgets(...this.widgets(props, webMetrics));
  }

  /** Signups and confirmations, counted from the web function's own structured log lines. */
  private webMetricFilters(web: LegworkFunction): { signups: IMetric; confirmations: IMetric } {
    const filter = (filterId: string, metricName: string, pattern: string): IMetric =>
      new MetricFilter(this, filterId, {
        logGroup: web.logGroup,
        metricNamespace: METRICS_NAMESPACE,
        metricName,
        metricValue: "1",
        filterPattern: FilterPattern.literal(pattern),
      }).metric({ statistic: "Sum", period: Duration.hours(1) });
    return {
      signups: filter("SignupsFilter", METRIC.signups, '{ $.message = "confirmation email sent" && $.created IS TRUE }'),
      confirmations: filter("ConfirmationsFilter", METRIC.confirmations, '{ $.message = "runner confirmed" }'),
    };
  }

  private widgets(props: ObservabilityProps, web: { signups: IMetric; confirmations: IMetric }): GraphWidget[] {
    const hour = Duration.hours(1);
    const byType = (name: string) => legworkMetric(name, "Sum", { type: "weekly" }, hour);
    const sum = (name: string) => legworkMetric(name, "Sum", {}, hour);
    const fns = Object.entries(props.functions).filter((e): e is [string, LegworkFunction] => e[1] !== undefined);
    return [
      new GraphWidget({
        title: "Weekly emails",
        left: [byType(METRIC.emailsSent), byType(METRIC.emailsFailed), byType(METRIC.emailsSkipped)],
        width: 12,
      }),
      new GraphWidget({
        title: "Due backlog and SES 24-hour quota",
        left: [legworkMetric(METRIC.dueBacklog, "Maximum", {}, hour), legworkMetric(METRIC.dailyQuotaLeft, "Minimum", {}, hour)],
        right: [legworkMetric(METRIC.dailyQuotaUsedPercent, "Maximum", {}, hour)],
        width: 12,
      }),
      new GraphWidget({ title: "Runners", left: [web.signups, web.confirmations, sum(METRIC.bounces), sum(METRIC.complaints)], width: 12 }),
      new GraphWidget({
        title: "Replies",
        left: [
          sum(METRIC.checkins),
          sum(METRIC.redFlags),
          new MathExpression({
            expression: `SUM(SEARCH('{${METRICS_NAMESPACE},reason,service} MetricName="${METRIC.repliesDropped}"', 'Sum', 3600))`,
            label: "dropped (all reasons)",
            period: hour,
          }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: "Function errors",
        left: fns.map(([, fn]) => fn.function.metricErrors({ period: hour, statistic: "Sum" })),
        width: 8,
      }),
      new GraphWidget({
        title: "Throttles",
        left: fns.map(([, fn]) => fn.function.metricThrottles({ period: hour, statistic: "Sum" })),
        width: 8,
      }),
      new GraphWidget({
        title: "Web 5xx and dispatcher duration",
        left: [props.web.function.metric("Url5xxCount", { period: hour, statistic: "Sum" })],
        right: [props.dispatcher.function.metricDuration({ period: hour, statistic: "Maximum" })],
        width: 8,
      }),
    ];
  }
}
