import { Duration } from "aws-cdk-lib";
import type { Stack } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import type { OperatorConfig } from "../config/operator.js";
import { LegworkFunction } from "../constructs/legwork-function.js";
import type { MailSending } from "../constructs/mail-sending.js";
import type { OperatorAlerts } from "../constructs/operator-alerts.js";
import { publishToTopic, readSecret, sendToQueue, sesGetAccount, sesSend, tableReadWrite, tableScan } from "../constructs/permissions.js";
import type { SendQueue } from "../constructs/send-queue.js";
import type { LegworkServiceStackProps } from "./service-props.js";
import { acknowledgeGetAccount } from "./service-props.js";

/** Every quarter hour on the clock (:00, :15, :30, :45): send slots are on the hour and half hour. */
export const DISPATCH_SCHEDULE = Schedule.cron({ minute: "0/15" });
export const SENDER_TIMEOUT = Duration.minutes(1);

/** What the service's functions are given: shared settings, the token keys, and the grants to pick from. */
export interface FunctionGrants {
  readonly props: LegworkServiceStackProps;
  /** Settings every function reads. */
  readonly commonEnvironment: Record<string, string>;
  /** The token keys go only to the functions that sign or verify links, with the permission to read them. */
  readonly keys: { environment: Record<string, string>; statement: PolicyStatement };
  /** SendEmail from the domain identity through the configuration set (and to sandbox recipients). */
  readonly send: PolicyStatement;
}

export const functionGrants = (stack: Stack, props: LegworkServiceStackProps, mail: MailSending): FunctionGrants => {
  const { config, table, replyBucket, tokenSecret } = props;
  const commonEnvironment: Record<string, string> = {
    LEGWORK_TABLE: table.tableName,
    LEGWORK_REPLY_BUCKET: replyBucket.bucketName,
    LEGWORK_FROM: config.fromAddress,
    LEGWORK_REPLY_DOMAIN: config.replyDomain,
    LEGWORK_POSTAL_ADDRESS: config.postalAddress,
    SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
    LEGWORK_CHECKIN_RETENTION_DAYS: String(config.checkinRetentionDays),
    ...(config.operatorEmails.length ? { LEGWORK_OPERATOR_EMAILS: config.operatorEmails.join(",") } : {}),
    ...(config.sendRate === undefined ? {} : { LEGWORK_SEND_RATE: String(config.sendRate) }),
  };
  const sandboxRecipientArns = config.sandboxRecipients.map((identity) =>
    stack.formatArn({ service: "ses", resource: "identity", resourceName: identity }),
  );
  return {
    props,
    commonEnvironment,
    keys: { environment: { LEGWORK_TOKEN_SECRET_ARN: tokenSecret.secretArn }, statement: readSecret(tokenSecret) },
    send: sesSend(mail.identityArn, mail.configurationSetArn, sandboxRecipientArns),
  };
};

/** Table, token keys and SES sending: what the web, dispatcher, inbound and sender functions all need. */
const linkSigning = ({ props, keys, send }: FunctionGrants): PolicyStatement[] => [tableReadWrite(props.table), keys.statement, send];

export const webFunction = (stack: Stack, grants: FunctionGrants): LegworkFunction =>
  new LegworkFunction(stack, "Web", {
    entry: "functions/handlers/web.ts",
    name: "web",
    description: "Legwork signup site, JSON API and link pages",
    memorySize: 512,
    timeout: Duration.seconds(10),
    commonEnvironment: grants.commonEnvironment,
    environment: grants.keys.environment,
    // Opt-in (webReservedConcurrency): Lambda keeps 100 executions unreserved, so new accounts refuse it.
    reservedConcurrentExecutions: grants.props.config.webReservedConcurrency ?? undefined,
    // Scan: the operator dashboard (/admin) reads the whole table.
    statements: [tableReadWrite(grants.props.table), tableScan(grants.props.table), grants.keys.statement, grants.send],
    // Data-rights export and deletion cover a runner's stored replies too.
    managedPolicies: [grants.props.allRepliesAccess],
  });

export const dispatcherFunction = (
  stack: Stack,
  grants: FunctionGrants,
  linkEnvironment: Record<string, string>,
  sendQueue: SendQueue | undefined,
): LegworkFunction => {
  const dispatcher = new LegworkFunction(stack, "Dispatcher", {
    entry: "functions/handlers/dispatcher.ts",
    name: "dispatcher",
    description: "Legwork weekly dispatcher: queries due runners and sends (stops before its timeout)",
    memorySize: 512,
    timeout: Duration.minutes(5),
    commonEnvironment: grants.commonEnvironment,
    environment: { ...linkEnvironment, ...(sendQueue ? { LEGWORK_FANOUT_QUEUE_URL: sendQueue.queue.queueUrl } : {}) },
    statements: [...linkSigning(grants), sesGetAccount(), ...(sendQueue ? [sendToQueue(sendQueue.queue)] : [])],
    // No async retries: a failed tick is simply picked up by the next one (the runners stay due).
    retryAttempts: 0,
  });
  acknowledgeGetAccount(dispatcher);
  new Rule(stack, "DispatchSchedule", {
    description: "Runs the Legwork dispatcher at :00, :15, :30 and :45; due runners left over wait for the next tick",
    schedule: DISPATCH_SCHEDULE,
    targets: [new LambdaFunction(dispatcher.function, { retryAttempts: 0 })],
  });
  return dispatcher;
};

export const inboundFunction = (
  stack: Stack,
  grants: FunctionGrants,
  linkEnvironment: Record<string, string>,
  alerts: OperatorAlerts,
  failures: Queue,
): LegworkFunction =>
  new LegworkFunction(stack, "Inbound", {
    entry: "functions/handlers/inbound.ts",
    name: "inbound",
    description: "Legwork inbound replies: parses check-ins and commands from SES receipts",
    memorySize: 512,
    timeout: Duration.seconds(30),
    commonEnvironment: grants.commonEnvironment,
    environment: { ...linkEnvironment, LEGWORK_ALERT_TOPIC_ARN: alerts.topic.topicArn },
    managedPolicies: [grants.props.inboundRepliesAccess],
    onFailure: new SqsDestination(failures),
    statements: [...linkSigning(grants), ...publishToTopic(alerts.topic, alerts.key)],
  });

/** Feedback never signs a link: no token keys, no secret permission. */
export const feedbackFunction = (stack: Stack, grants: FunctionGrants): LegworkFunction =>
  new LegworkFunction(stack, "Feedback", {
    entry: "functions/handlers/feedback.ts",
    name: "feedback",
    description: "Legwork SES feedback: suppresses runners on bounce or complaint",
    memorySize: 256,
    timeout: Duration.seconds(30),
    commonEnvironment: grants.commonEnvironment,
    statements: [tableReadWrite(grants.props.table)],
  });

export const senderFunction = (
  stack: Stack,
  grants: FunctionGrants,
  linkEnvironment: Record<string, string>,
  sendQueue: SendQueue,
  config: OperatorConfig,
): LegworkFunction => {
  const sender = new LegworkFunction(stack, "Sender", {
    entry: "functions/handlers/sender.ts",
    name: "sender",
    description: "Legwork fan-out sender: sends the runners queued by the dispatcher",
    memorySize: 512,
    timeout: SENDER_TIMEOUT,
    commonEnvironment: grants.commonEnvironment,
    // Each instance paces to the account rate divided by the senders that may run at once.
    environment: { ...linkEnvironment, LEGWORK_SENDER_CONCURRENCY: String(config.senderMaxConcurrency) },
    statements: [...linkSigning(grants), sesGetAccount()],
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
};
