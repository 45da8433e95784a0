import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import { Alarm, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { ComparisonOperator, IMetric } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";

export interface OperatorAlertsProps {
  /** Subscribed by email when set; the operator confirms the subscription once. */
  readonly alarmEmail?: string;
}

export interface AlertAlarmProps {
  readonly metric: IMetric;
  readonly threshold: number;
  readonly comparisonOperator: ComparisonOperator;
  readonly description: string;
  readonly evaluationPeriods?: number;
}

/**
 * The operator's alert channel: an SSE-KMS topic for alarms and red-flag replies, plus the
 * customer-managed key that also encrypts the SES feedback topic.
 * The AWS-managed alias/aws/sns key cannot be used: its key policy cannot admit CloudWatch
 * (alarm actions) or SES (event publishing), so those publishes would fail silently.
 *
 * @example
 * const alerts = new OperatorAlerts(this, "Alerts", { alarmEmail: "ops@legwork.example" });
 * alerts.alarm("DispatcherErrors", { metric, threshold: 1, comparisonOperator, description: "..." });
 */
export class OperatorAlerts extends Construct {
  readonly key: Key;
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: OperatorAlertsProps = {}) {
    super(scope, id);

    this.key = new Key(this, "TopicKey", {
      description: "Legwork: encrypts the operator-alerts and SES feedback topics",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: "AllowAwsServicesToPublishToEncryptedTopics",
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com"), new ServicePrincipal("ses.amazonaws.com")],
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );

    this.topic = new Topic(this, "Topic", {
      displayName: "Legwork operator alerts",
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);
  }

  /** An alarm that notifies the operator topic; missing data (no traffic) is not a breach. */
  alarm(id: string, props: AlertAlarmProps): Alarm {
    const alarm = new Alarm(this, id, {
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: props.comparisonOperator,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: props.description,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
