import { Fn, Stack } from "aws-cdk-lib";
import { FunctionUrlAuthType } from "aws-cdk-lib/aws-lambda";
import type { FunctionUrl } from "aws-cdk-lib/aws-lambda";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { LambdaSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import type { OperatorConfig } from "../config/operator.js";
import { requireReceivingRegion } from "../config/region.js";
import { deadLetterQueue } from "../constructs/dead-letter-queue.js";
import { InboundMail } from "../constructs/inbound-mail.js";
import type { LegworkFunction } from "../constructs/legwork-function.js";
import { MailSending } from "../constructs/mail-sending.js";
import { Observability } from "../constructs/observability.js";
import { OperatorAlerts } from "../constructs/operator-alerts.js";
import { PublicEntry } from "../constructs/public-entry.js";
import { SendQueue } from "../constructs/send-queue.js";
import { SignupQueue } from "../constructs/signup-queue.js";
import { addServiceOutputs } from "./service-outputs.js";
import type { LegworkServiceStackProps } from "./service-props.js";
import {
  SENDER_TIMEOUT,
  dispatcherFunction,
  feedbackFunction,
  functionGrants,
  inboundFunction,
  senderFunction,
  webFunction,
} from "./service-functions.js";

export type { LegworkServiceStackProps } from "./service-props.js";
export { DISPATCH_SCHEDULE } from "./service-functions.js";
export { BOUNCE_RATE_ALARM, COMPLAINT_RATE_ALARM } from "../constructs/observability.js";

/**
 * The stateless half of Legwork: the functions, their triggers, SES sending and receiving, the public
 * entry (CloudFront on a custom domain, or the Function URL), and the operator's alarms and dashboard.
 * It owns no data, so it can be destroyed and redeployed. Each function is built in ./service-functions.ts;
 * this constructor only puts them in order (the order fixes the template's).
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
    const { config } = props;
    requireReceivingRegion(this);

    this.alerts = new OperatorAlerts(this, "Alerts", { alarmEmail: config.alarmEmail });
    this.mail = new MailSending(this, "Mail", {
      senderDomain: config.senderDomain,
      mailFromSubdomain: config.mailFromSubdomain,
      topicKey: this.alerts.key,
    });
    const grants = functionGrants(this, props, this.mail);

    this.web = webFunction(this, grants);
    // With a custom domain, CloudFront adds a secret origin header the web function checks (see PublicEntry).
    this.webUrl = this.web.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    this.publicEntry = publicEntryFor(this, config, this.webUrl);
    new SignupQueue(this, "Signups", { web: this.web, alerts: this.alerts });
    const baseUrl = pointWebAtItsBase(this.web, config, this.webUrl, this.publicEntry);
    const linkEnvironment = { ...grants.keys.environment, LEGWORK_BASE_URL: baseUrl };

    const sendQueue = config.fanout ? new SendQueue(this, "Sends", { consumerTimeout: SENDER_TIMEOUT }) : undefined;
    this.dispatcher = dispatcherFunction(this, grants, linkEnvironment, sendQueue);

    // SES invokes inbound asynchronously: Lambda retries a failed event twice, then it lands here
    // with the error, so a reply is never dropped silently (the alarm tells the operator).
    this.inboundFailures = deadLetterQueue(this, "InboundFailures", "inbound reply events that failed every retry");
    this.inbound = inboundFunction(this, grants, linkEnvironment, this.alerts, this.inboundFailures);
    const inboundMail = new InboundMail(this, "InboundMail", {
      replyDomain: config.replyDomain,
      senderDomain: config.senderDomain,
      bucket: props.replyBucket,
      handler: this.inbound.function,
      activate: config.activateReceiptRuleSet,
    });

    this.feedback = feedbackFunction(this, grants);
    // SNS retries a failed Lambda delivery, then keeps the event here (the alarm tells the operator).
    this.feedbackFailures = deadLetterQueue(this, "FeedbackFailures", "SES feedback events the feedback function failed on");
    this.mail.feedbackTopic.addSubscription(new LambdaSubscription(this.feedback.function, { deadLetterQueue: this.feedbackFailures }));

    if (sendQueue) this.sender = senderFunction(this, grants, linkEnvironment, sendQueue, config);

    this.observability = new Observability(this, "Observability", {
      alerts: this.alerts,
      web: this.web,
      dispatcher: this.dispatcher,
      functions: this.functions(),
      deadLetters: {
        InboundFailures: this.inboundFailures,
        FeedbackFailures: this.feedbackFailures,
        SendDeadLetters: sendQueue?.deadLetterQueue,
      },
    });
    this.addOutputs(baseUrl, inboundMail, sendQueue);
  }

  /** What the operator and the CLI read back from the deployed stack (./service-outputs.ts). */
  private addOutputs(baseUrl: string, inboundMail: InboundMail, sendQueue: SendQueue | undefined): void {
    addServiceOutputs(this, {
      baseUrl,
      functionUrl: this.webUrl.url,
      functions: this.functions(),
      operatorTopicArn: this.alerts.topic.topicArn,
      dashboardName: this.observability.dashboard.dashboardName,
      mail: this.mail,
      inboundMail,
      sendQueueUrl: sendQueue?.queue.queueUrl,
      distributionDomainName: this.publicEntry?.distribution.distributionDomainName,
    });
  }

  private functions() {
    return { Web: this.web, Dispatcher: this.dispatcher, Inbound: this.inbound, Feedback: this.feedback, Sender: this.sender };
  }
}

/** CloudFront on the operator's domain when one is configured; otherwise a warning if links would be unstable. */
const publicEntryFor = (stack: Stack, config: OperatorConfig, functionUrl: FunctionUrl): PublicEntry | undefined => {
  if (config.domainName !== undefined && config.certificateArn !== undefined)
    return new PublicEntry(stack, "PublicEntry", { domainName: config.domainName, certificateArn: config.certificateArn, functionUrl });
  if (config.publicBaseUrl === undefined) PublicEntry.warnUnstableLinks(stack);
  return undefined;
};

/** The base URL emailed links use; the web function learns it too when it is stable. */
const pointWebAtItsBase = (web: LegworkFunction, config: OperatorConfig, url: FunctionUrl, publicEntry?: PublicEntry): string => {
  // The URL attribute ends in "/"; links are built as `${base}/path`, so keep scheme + host only.
  const baseUrl =
    (config.domainName && `https://${config.domainName}`) ??
    config.publicBaseUrl ??
    Fn.join("", ["https://", Fn.select(2, Fn.split("/", url.url))]);
  // The web function falls back to the request's own host; it cannot name its own URL (a cycle).
  const stableBase = config.domainName ? `https://${config.domainName}` : config.publicBaseUrl;
  if (stableBase) web.function.addEnvironment("LEGWORK_BASE_URL", stableBase);
  if (publicEntry) {
    web.function.addEnvironment("LEGWORK_TRUST_VIEWER_ADDRESS", "true");
    web.function.addEnvironment("LEGWORK_ORIGIN_VERIFY", publicEntry.originVerify);
  }
  return baseUrl;
};
