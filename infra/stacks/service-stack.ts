import { Duration, Fn, Stack } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { FunctionUrlAuthType } from "aws-cdk-lib/aws-lambda";
import type { FunctionUrl } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import type { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LambdaSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import type { OperatorConfig } from "../config/operator.js";
import { InboundMail } from "../constructs/inbound-mail.js";
import { LegworkFunction } from "../constructs/legwork-function.js";
import { MailSending } from "../constructs/mail-sending.js";
import { Observability } from "../constructs/observability.js";
import { OperatorAlerts } from "../constructs/operator-alerts.js";
import { publishToTopic, readSecret, sendToQueue, sesGetAccount, sesSend, tableReadWrite } from "../constructs/permissions.js";
import { PublicEntry } from "../constructs/public-entry.js";
import { SendQueue } from "../constructs/send-queue.js";
import { SignupQueue } from "../constructs/signup-queue.js";
import { deadLetterQueue } from "../constructs/dead-letter-queue.js";
import { requireReceivingRegion } from "../config/region.js";
import { addServiceOutputs } from "./service-outputs.js";
import type { LegworkServiceStackProps } from "./service-props.js";
import { acknowledgeGetAccount } from "./service-props.js";

export type { LegworkServiceStackProps } from "./service-props.js";

export { BOUNCE_RATE_ALARM, COMPLAINT_RATE_ALARM } from "../constructs/observability.js";

/** Every quarter hour on the clock (:00, :15, :30, :45): send slots are on the hour and half hour. */
export const DISPATCH_SCHEDULE = Schedule.cron({ minute: "0/15" });
const SENDER_TIMEOUT = Duration.minutes(1);

/**
 * The stateless half of Legwork: the functions, their triggers, SES sending and receiving, the public
 * entry (CloudFront on a custom domain, or the Function URL), and the operator's alarms and dashboard.
 * It owns no data, so it can be destroyed and redeployed.
 */
export class LegworkServiceStack extends Stack {
  readonly web: LegworkFunction;
  readonly dispatcher: LegworkFunction;
  readonly inbound: LegworkFunction;
  /** Inbound reply events that failed every retry (Lambda's on-failure destination), with an alarm. */
  readonly inboundFailures: Queue;
  readonly feedback: LegworkFunction;
  /** SES feedback events the feedback function failed on every SNS retry, with an alarm. */
  readonly feedbackFailures: Queue;
  readonly sender?: LegworkFunction;
  readonly alerts: OperatorAlerts;
  readonly mail: MailSending;
  readonly webUrl: FunctionUrl;
  readonly publicEntry?: PublicEntry;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: LegworkServiceStackProps) {
    super(scope, id, props);
    const { config, table, replyBucket, tokenSecret } = props;
    requireReceivingRegion(this);

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
      LEGWORK_CHECKIN_RETENTION_DAYS: String(config.checkinRetentionDays),
      ...(config.operatorEmails.length ? { LEGWORK_OPERATOR_EMAILS: config.operatorEmails.join(",") } : {}),
      ...(config.sendRate === undefined ? {} : { LEGWORK_SEND_RATE: String(config.sendRate) }),
    };
    const sandboxRecipientArns = config.sandboxRecipients.map((identity) =>
      this.formatArn({ service: "ses", resource: "identity", resourceName: identity }),
    );
    const send = sesSend(this.mail.identityArn, this.mail.configurationSetArn, sandboxRecipientArns);
    // The token keys go only to the functions that sign or verify links, with the permission to read them.
    const keys = { environment: { LEGWORK_TOKEN_SECRET_ARN: tokenSecret.secretArn }, statement: readSecret(tokenSecret) };

    this.web = new LegworkFunction(this, "Web", {
      entry: "functions/handlers/web.ts",
      name: "web",
      description: "Legwork signup site, JSON API and link pages",
      memorySize: 512,
      timeout: Duration.seconds(10),
      commonEnvironment,
      environment: keys.environment,
      // Opt-in (webReservedConcurrency): Lambda keeps 100 executions unreserved, so new accounts refuse it.
      reservedConcurrentExecutions: config.webReservedConcurrency ?? undefined,
      statements: [tableReadWrite(table), keys.statement, send],
      // Data-rights export and deletion cover a runner's stored replies too.
      managedPolicies: [props.allRepliesAccess],
    });
    // With a custom domain, CloudFront adds a secret origin header the web function checks (see PublicEntry).
    this.webUrl = this.web.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    if (config.domainName !== undefined && config.certificateArn !== undefined) {
      this.publicEntry = new PublicEntry(this, "PublicEntry", {
        domainName: config.domainName,
        certificateArn: config.certificateArn,
        functionUrl: this.webUrl,
      });
    } else if (config.publicBaseUrl === undefined) {
      PublicEntry.warnUnstableLinks(this);
    }
    new SignupQueue(this, "Signups", { web: this.web, alerts: this.alerts });
    // The URL attribute ends in "/"; links are built as `${base}/path`, so keep scheme + host only.
    const baseUrl =
      (config.domainName && `https://${config.domainName}`) ??
      config.publicBaseUrl ??
      Fn.join("", ["https://", Fn.select(2, Fn.split("/", this.webUrl.url))]);
    // The web function falls back to the request's own host; it cannot name its own URL (a cycle).
    const stableBase = config.domainName ? `https://${config.domainName}` : config.publicBaseUrl;
    if (stableBase) this.web.function.addEnvironment("LEGWORK_BASE_URL", stableBase);
    if (this.publicEntry) {
      this.web.function.addEnvironment("LEGWORK_TRUST_VIEWER_ADDRESS", "true");
      this.web.function.addEnvironment("LEGWORK_ORIGIN_VERIFY", this.publicEntry.originVerify);
    }
    const linkEnvironment = { ...keys.environment, LEGWORK_BASE_URL: baseUrl };

    const sendQueue = config.fanout ? new SendQueue(this, "Sends", { consumerTimeout: SENDER_TIMEOUT }) : undefined;
    this.dispatcher = this.addDispatcher(commonEnvironment, linkEnvironment, [tableReadWrite(table), keys.statement, send], sendQueue);

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
      statements: [tableReadWrite(table), keys.statement, send, ...publishToTopic(this.alerts.topic, this.alerts.key)],
    });
    const inboundMail = new InboundMail(this, "InboundMail", {
      replyDomain: config.replyDomain,
      senderDomain: config.senderDomain,
      bucket: replyBucket,
      handler: this.inbound.function,
      activate: config.activateReceiptRuleSet,
    });

    // Feedback never signs a link: no token keys, no secret permission.
    this.feedback = new LegworkFunction(this, "Feedback", {
      entry: "functions/handlers/feedback.ts",
      name: "feedback",
      description: "Legwork SES feedback: suppresses runners on bounce or complaint",
      memorySize: 256,
      timeout: Duration.seconds(30),
      commonEnvironment,
      statements: [tableReadWrite(table)],
    });
    // SNS retries a failed Lambda delivery, then keeps the event here (the alarm tells the operator).
    this.feedbackFailures = deadLetterQueue(this, "FeedbackFailures", "SES feedback events the feedback function failed on");
    this.mail.feedbackTopic.addSubscription(new LambdaSubscription(this.feedback.function, { deadLetterQueue: this.feedbackFailures }));

    if (sendQueue)
      this.sender = this.addSender(commonEnvironment, linkEnvironment, [tableReadWrite(table), keys.statement, send], sendQueue, config);

    const functions = { Web: this.web, Dispatcher: this.dispatcher, Inbound: this.inbound, Feedback: this.feedback, Sender: this.sender };
    this.observability = new Observability(this, "Observability", {
      alerts: this.alerts,
      web: this.web,
      dispatcher: this.dispatcher,
      functions,
      deadLetters: {
        InboundFailures: this.inboundFailures,
        FeedbackFailures: this.feedbackFailures,
        SendDeadLetters: sendQueue?.deadLetterQueue,
      },
    });
    addServiceOutputs(this, {
      baseUrl,
      functionUrl: this.webUrl.url,
      functions,
      operatorTopicArn: this.alerts.topic.topicArn,
      dashboardName: this.observability.dashboard.dashboardName,
      mail: this.mail,
      inboundMail,
      sendQueueUrl: sendQueue?.queue.queueUrl,
      distributionDomainName: this.publicEntry?.distribution.distributionDomainName,
    });
  }

  private addDispatcher(
    commonEnvironment: Record<string, string>,
    linkEnvironment: Record<string, string>,
    statements: PolicyStatement[],
    sendQueue: SendQueue | undefined,
  ): LegworkFunction {
    const dispatcher = new LegworkFunction(this, "Dispatcher", {
      entry: "functions/handlers/dispatcher.ts",
      name: "dispatcher",
      description: "Legwork weekly dispatcher: queries due runners and sends (stops before its timeout)",
      memorySize: 512,
      timeout: Duration.minutes(5),
      commonEnvironment,
      environment: { ...linkEnvironment, ...(sendQueue ? { LEGWORK_FANOUT_QUEUE_URL: sendQueue.queue.queueUrl } : {}) },
      statements: [...statements, sesGetAccount(), ...(sendQueue ? [sendToQueue(sendQueue.queue)] : [])],
      // No async retries: a failed tick is simply picked up by the next one (the runners stay due).
      retryAttempts: 0,
    });
    acknowledgeGetAccount(dispatcher);
    new Rule(this, "DispatchSchedule", {
      description: "Runs the Legwork dispatcher at :00, :15, :30 and :45; due runners left over wait for the next tick",
      schedule: DISPATCH_SCHEDULE,
      targets: [new LambdaFunction(dispatcher.function, { retryAttempts: 0 })],
    });
    return dispatcher;
  }

  private addSender(
    commonEnvironment: Record<string, string>,
    linkEnvironment: Record<string, string>,
    statements: PolicyStatement[],
    sendQueue: SendQueue,
    config: OperatorConfig,
  ): LegworkFunction {
    const sender = new LegworkFunction(this, "Sender", {
      entry: "functions/handlers/sender.ts",
      name: "sender",
      description: "Legwork fan-out sender: sends the runners queued by the dispatcher",
      memorySize: 512,
      timeout: SENDER_TIMEOUT,
      commonEnvironment,
      // Each instance paces to the account rate divided by the senders that may run at once.
      environment: { ...linkEnvironment, LEGWORK_SENDER_CONCURRENCY: String(config.senderMaxConcurrency) },
      statements: [...statements, sesGetAccount()],
    });
    acknowledgeGetAccount(sender);
    sender.function.addEventSource(
      new SqsEventSource(sendQueue.queue, {
        batchSize: 10,
        // Lambda's floor is 2; raise it with the SES send rate (the instances share the rate).
        maxConcurrency: config.senderMaxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    return sender;
  }
}
