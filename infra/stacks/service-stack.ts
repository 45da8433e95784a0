import { CfnOutput, Duration, Fn, Stack, Validations } from "aws-cdk-lib";
import type { StackProps } from "aws-cdk-lib";
import { ComparisonOperator, Metric } from "aws-cdk-lib/aws-cloudwatch";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { FunctionUrlAuthType } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import type { IManagedPolicy } from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { LambdaSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import type { OperatorConfig } from "../config.js";
import { InboundMail } from "../constructs/inbound-mail.js";
import { LegworkFunction } from "../constructs/legwork-function.js";
import { MailSending } from "../constructs/mail-sending.js";
import { OperatorAlerts } from "../constructs/operator-alerts.js";
import {
  publishToTopic,
  readSecret,
  sendToQueue,
  sesGetAccount,
  sesSend,
  tableReadWrite,
} from "../constructs/permissions.js";
import { SendQueue } from "../constructs/send-queue.js";
import { SignupQueue } from "../constructs/signup-queue.js";
import { deadLetterQueue } from "../constructs/dead-letter-queue.js";

/** SES account reputation thresholds: AWS reviews accounts at 5 % bounces and 0.1 % complaints. */
export const BOUNCE_RATE_ALARM = 0.02;
export const COMPLAINT_RATE_ALARM = 0.0008;

export const DISPATCH_SCHEDULE = Schedule.rate(Duration.minutes(15));
const SENDER_TIMEOUT = Duration.minutes(1);

export interface LegworkServiceStackProps extends StackProps {
  readonly config: OperatorConfig;
  readonly table: ITable;
  readonly replyBucket: IBucket;
  readonly tokenSecret: ISecret;
  /** Read/delete of raw replies under inbound/ (owned by the data stack). */
  readonly inboundRepliesAccess: IManagedPolicy;
  /** List/read/delete of all stored replies, for data-rights requests (owned by the data stack). */
  readonly allRepliesAccess: IManagedPolicy;
}

/**
 * The stateless half of Legwork: the five functions, their triggers, SES sending and receiving,
 * and the operator's alarms. It owns no data, so it can be destroyed and redeployed.
 */
export class LegworkServiceStack extends Stack {
  readonly web: LegworkFunction;
  readonly dispatcher: LegworkFunction;
  readonly inbound: LegworkFunction;
  /** Inbound reply events that failed every retry (Lambda's on-failure destination), with an alarm. */
  readonly inboundFailures: Queue;
  readonly feedback: LegworkFunction;
  readonly sender?: LegworkFunction;
  readonly alerts: OperatorAlerts;
  readonly mail: MailSending;

  constructor(scope: Construct, id: string, props: LegworkServiceStackProps) {
    super(scope, id, props);
    const { config, table, replyBucket, tokenSecret } = props;

    this.alerts = new OperatorAlerts(this, "Alerts", { alarmEmail: config.alarmEmail });
    this.mail = new MailSending(this, "Mail", {
      senderDomain: config.senderDomain,
      mailFromSubdomain: config.mailFromSubdomain,
      topicKey: this.alerts.key,
    });

    const commonEnvironment: Record<string, string> = {
      LEGWORK_TABLE: table.tableName,
      LEGWORK_REPLY_BUCKET: replyBucket.bucketName,
      LEGWORK_FROM: config.fromAddress,
      LEGWORK_REPLY_DOMAIN: config.replyDomain,
      LEGWORK_POSTAL_ADDRESS: config.postalAddress,
      SES_CONFIGURATION_SET: this.mail.configurationSet.configurationSetName,
      LEGWORK_TOKEN_SECRET_ARN: tokenSecret.secretArn,
      LEGWORK_CHECKIN_RETENTION_DAYS: String(config.checkinRetentionDays),
      ...(config.sendRate === undefined ? {} : { LEGWORK_SEND_RATE: String(config.sendRate) }),
      ...(config.publicBaseUrl === undefined ? {} : { LEGWORK_BASE_URL: config.publicBaseUrl }),
    };
    const sandboxRecipientArns = config.sandboxRecipients.map((identity) =>
      this.formatArn({ service: "ses", resource: "identity", resourceName: identity }),
    );
    const send = sesSend(this.mail.identityArn, this.mail.configurationSetArn, sandboxRecipientArns);
    const dataAccess = [tableReadWrite(table), readSecret(tokenSecret)];

    this.web = new LegworkFunction(this, "Web", {
      entry: "functions/handlers/web.ts",
      name: "web",
      description: "Legwork signup site, JSON API and link pages (public Function URL)",
      memorySize: 512,
      timeout: Duration.seconds(10),
      commonEnvironment,
      // The Function URL is public and unauthenticated: reserved concurrency caps what a flood
      // of requests can cost or take from the account pool. The handler also rate-limits per IP.
      reservedConcurrentExecutions: config.webReservedConcurrency ?? undefined,
      statements: [...dataAccess, send],
      // Data-rights export and deletion cover a runner's stored replies too.
      managedPolicies: [props.allRepliesAccess],
    });
    new SignupQueue(this, "Signups", { web: this.web, alerts: this.alerts });
    const webUrl = this.web.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    // The URL attribute ends in "/"; links are built as `${base}/path`, so keep scheme + host only.
    const baseUrl = config.publicBaseUrl ?? Fn.join("", ["https://", Fn.select(2, Fn.split("/", webUrl.url))]);
    const linkEnvironment = { LEGWORK_BASE_URL: baseUrl };

    const sendQueue = config.fanout ? new SendQueue(this, "Sends", { consumerTimeout: SENDER_TIMEOUT }) : undefined;

    this.dispatcher = new LegworkFunction(this, "Dispatcher", {
      entry: "functions/handlers/dispatcher.ts",
      name: "dispatcher",
      description: "Legwork weekly dispatcher: queries due runners and sends (stops before its timeout)",
      memorySize: 512,
      timeout: Duration.minutes(5),
      commonEnvironment,
      environment: {
        ...linkEnvironment,
        ...(sendQueue ? { LEGWORK_FANOUT_QUEUE_URL: sendQueue.queue.queueUrl } : {}),
      },
      statements: [...dataAccess, send, sesGetAccount(), ...(sendQueue ? [sendToQueue(sendQueue.queue)] : [])],
      // No async retries: a failed tick is simply picked up by the next one (the runners stay due).
      retryAttempts: 0,
    });
    acknowledgeGetAccount(this.dispatcher);
    new Rule(this, "DispatchSchedule", {
      description: "Runs the Legwork dispatcher; due runners left over wait for the next tick",
      schedule: DISPATCH_SCHEDULE,
      targets: [new LambdaFunction(this.dispatcher.function, { retryAttempts: 0 })],
    });

    // SES invokes inbound asynchronously: Lambda retries a failed event twice, then it lands here
    // with the error, so a reply is never dropped silently (the alarm below tells the operator).
    this.inboundFailures = deadLetterQueue(this, "InboundFailures", "inbound reply events that failed every retry");
    this.inbound = new LegworkFunction(this, "Inbound", {
      entry: "functions/handlers/inbound.ts",
      name: "inbound",
      description: "Legwork inbound replies: parses check-ins and commands from SES receipts",
      memorySize: 512,
      timeout: Duration.seconds(30),
      commonEnvironment,
      environment: { ...linkEnvironment, LEGWORK_ALERT_TOPIC_ARN: this.alerts.topic.topicArn },
      managedPolicies: [props.inboundRepliesAccess],
      onFailure: new SqsDestination(this.inboundFailures),
      statements: [
        ...dataAccess,
        send,
        ...publishToTopic(this.alerts.topic, this.alerts.key),
      ],
    });
    this.alerts.alarm("InboundFailures", {
      metric: this.inboundFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: "Legwork: a reply event failed every retry and is kept in the inbound failure queue",
    });
    const inboundMail = new InboundMail(this, "InboundMail", {
      replyDomain: config.replyDomain,
      senderDomain: config.senderDomain,
      bucket: replyBucket,
      handler: this.inbound.function,
    });

    this.feedback = new LegworkFunction(this, "Feedback", {
      entry: "functions/handlers/feedback.ts",
      name: "feedback",
      description: "Legwork SES feedback: suppresses runners on bounce or complaint",
      memorySize: 256,
      timeout: Duration.seconds(30),
      commonEnvironment,
      statements: [tableReadWrite(table)],
    });
    this.mail.feedbackTopic.addSubscription(new LambdaSubscription(this.feedback.function));

    if (sendQueue) {
      this.sender = new LegworkFunction(this, "Sender", {
        entry: "functions/handlers/sender.ts",
        name: "sender",
        description: "Legwork fan-out sender: sends the runners queued by the dispatcher",
        memorySize: 512,
        timeout: SENDER_TIMEOUT,
        commonEnvironment,
        environment: linkEnvironment,
        statements: [...dataAccess, send, sesGetAccount()],
      });
      acknowledgeGetAccount(this.sender);
      this.sender.function.addEventSource(
        new SqsEventSource(sendQueue.queue, {
          batchSize: 10,
          // Lambda's floor is 2; raise it with the SES send rate (each sender paces itself).
          maxConcurrency: config.senderMaxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
      this.alerts.alarm("SendDeadLetters", {
        metric: sendQueue.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        description: "Legwork: sends failed 5 times and reached the dead-letter queue",
      });
    }

    this.addAlarms();
    this.addOutputs(baseUrl, webUrl.url, inboundMail);
  }

  private addAlarms(): void {
    const reputation = (metricName: string): Metric =>
      new Metric({ namespace: "AWS/SES", metricName, statistic: "Maximum", period: Duration.hours(1) });
    this.alerts.alarm("BounceRate", {
      metric: reputation("Reputation.BounceRate"),
      threshold: BOUNCE_RATE_ALARM,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: "Legwork: SES account bounce rate is at or above 2 % (AWS reviews at 5 %)",
    });
    this.alerts.alarm("ComplaintRate", {
      metric: reputation("Reputation.ComplaintRate"),
      threshold: COMPLAINT_RATE_ALARM,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: "Legwork: SES account complaint rate is at or above 0.08 % (AWS reviews at 0.1 %)",
    });

    const watched: [string, LegworkFunction | undefined][] = [
      ["Dispatcher", this.dispatcher],
      ["Inbound", this.inbound],
      ["Feedback", this.feedback],
      ["Sender", this.sender],
    ];
    for (const [name, fn] of watched) {
      if (!fn) continue;
      this.alerts.alarm(`${name}Errors`, {
        metric: fn.function.metricErrors({ period: Duration.minutes(15), statistic: "Sum" }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description: `Legwork: the ${name.toLowerCase()} function reported errors`,
      });
    }
  }

  /** What the operator needs after a deploy: DNS records, the rule set to activate, URLs. */
  private addOutputs(baseUrl: string, functionUrl: string, inboundMail: InboundMail): void {
    new CfnOutput(this, "WebFunctionUrl", { value: functionUrl });
    new CfnOutput(this, "PublicBaseUrl", { description: "Base of links in emails", value: baseUrl });
    new CfnOutput(this, "OperatorTopicArn", { value: this.alerts.topic.topicArn });
    new CfnOutput(this, "ConfigurationSetName", { value: this.mail.configurationSet.configurationSetName });
    this.mail.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimCname${i + 1}`, {
        description: `DKIM record ${i + 1} for the sending domain: <name> CNAME <value>`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
    inboundMail.replyIdentity?.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `ReplyDomainDkimCname${i + 1}`, {
        description: `DKIM record ${i + 1} verifying the reply domain: <name> CNAME <value>`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
    new CfnOutput(this, "MailFromDomain", {
      description: "Needs MX 10 feedback-smtp.<region>.amazonses.com and TXT \"v=spf1 include:amazonses.com ~all\"",
      value: this.mail.mailFromDomain,
    });
    new CfnOutput(this, "ReceiptRuleSetName", {
      description: "Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>",
      value: inboundMail.ruleSet.receiptRuleSetName,
    });
    new CfnOutput(this, "ReplyDomainMx", {
      description: "MX record for the reply domain",
      value: `10 inbound-smtp.${this.region}.amazonaws.com`,
    });
  }
}

/** ses:GetAccount has no resource type: "*" is the only resource IAM accepts for it. */
const acknowledgeGetAccount = (fn: LegworkFunction): void => {
  Validations.of(fn.role).acknowledge({
    id: "AwsSolutions-IAM5[Resource::*]",
    reason: "Only ses:GetAccount (reads MaxSendRate to pace sends) uses Resource '*': the action has no resource type.",
  });
};
