import { Stack } from "aws-cdk-lib";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, SuppressionReasons } from "aws-cdk-lib/aws-ses";
import { Topic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";

export interface MailSendingProps {
  readonly senderDomain: string;
  readonly mailFromSubdomain: string;
  /** Encrypts the feedback topic; its policy must admit ses.amazonaws.com. */
  readonly topicKey: IKey;
}

/** The SES events that change a runner's state or need watching. */
export const FEEDBACK_EVENTS = [
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.REJECT,
];

/**
 * Outbound mail: the verified domain identity (Easy DKIM, custom MAIL FROM) and the
 * configuration set whose events reach the feedback topic.
 *
 * Suppression: the configuration set suppresses BOUNCE and COMPLAINT here. The account-level
 * suppression list cannot be set in CloudFormation; run once per account and region:
 * `aws sesv2 put-account-suppression-attributes --suppressed-reasons BOUNCE COMPLAINT`.
 *
 * @example
 * const mail = new MailSending(this, "Mail", { senderDomain, mailFromSubdomain: "mail", topicKey });
 * fn.addToRolePolicy(sesSend(mail.identityArn, mail.configurationSetArn));
 */
export class MailSending extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly feedbackTopic: Topic;
  readonly identityArn: string;
  readonly configurationSetArn: string;
  readonly mailFromDomain: string;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);

    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: "ses",
      resource: "configuration-set",
      resourceName: this.configurationSet.configurationSetName,
    });

    this.feedbackTopic = new Topic(this, "FeedbackTopic", {
      displayName: "Legwork SES feedback",
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination("ToFeedbackTopic", {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: FEEDBACK_EVENTS,
    });

    this.mailFromDomain = `${props.mailFromSubdomain}.${props.senderDomain}`;
    this.identity = new EmailIdentity(this, "Identity", {
      identity: Identity.domain(props.senderDomain),
      mailFromDomain: this.mailFromDomain,
      configurationSet: this.configurationSet,
    });
    this.identityArn = this.identity.emailIdentityArn;
  }
}
