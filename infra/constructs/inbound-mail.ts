import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IReceiptRuleAction, ReceiptRule, ReceiptRuleActionConfig } from "aws-cdk-lib/aws-ses";
import { EmailIdentity, Identity, ReceiptRuleSet, TlsPolicy } from "aws-cdk-lib/aws-ses";
import { Lambda, LambdaInvocationType } from "aws-cdk-lib/aws-ses-actions";
import { Construct } from "constructs";
import { ReceiptRuleActivation } from "./receipt-rule-activation.js";

/** Key prefix of raw replies in the reply bucket; the inbound function may touch only this. */
export const INBOUND_PREFIX = "inbound/";

/**
 * Fixed names of the receipt rule set and its rule (this construct creates them): the bucket policy
 * lets SES write only for this rule (aws:SourceArn), and the data stack deploys first, so it cannot
 * reference the rule itself.
 */
export const RECEIPT_RULE_SET_NAME = "legwork-replies";
export const RECEIPT_RULE_NAME = "checkins";

/** True when `domain` is `parent` or one of its subdomains (whose verification it inherits). */
export const isWithinDomain = (domain: string, parent: string): boolean => domain === parent || domain.endsWith(`.${parent}`);

export interface InboundMailProps {
  readonly replyDomain: string;
  /** The verified sending domain; a reply domain outside it gets its own SES identity. */
  readonly senderDomain: string;
  readonly bucket: IBucket;
  readonly handler: IFunction;
  /** Make this rule set the account's active one (and deactivate it on destroy). */
  readonly activate: boolean;
}

/**
 * SES's S3 action without CDK's bucket-policy statement: the data stack owns the bucket and its policy,
 * whose SES statement carries aws:SourceArn of exactly this rule (CDK's own statement has SourceAccount only).
 */
class StoreInBucket implements IReceiptRuleAction {
  constructor(
    private readonly bucket: IBucket,
    private readonly prefix: string,
  ) {}

  bind(): ReceiptRuleActionConfig {
    return { s3Action: { bucketName: this.bucket.bucketName, objectKeyPrefix: this.prefix } };
  }
}

/**
 * Replies to checkin+<token>@replyDomain: SES stores the raw message in S3, then invokes the
 * inbound function asynchronously with the SES event (message id and verdicts).
 *
 * A receipt rule set only takes effect once it is the account's active set. CloudFormation cannot activate
 * one, so a custom resource does (ReceiptRuleActivation) unless `activate` is false. The names are fixed
 * (RECEIPT_RULE_SET_NAME, RECEIPT_RULE_NAME) so the data stack's bucket policy can name this rule's ARN.
 *
 * @example
 * new InboundMail(this, "Inbound", { replyDomain: "reply.legwork.example", bucket, handler });
 */
export class InboundMail extends Construct {
  readonly ruleSet: ReceiptRuleSet;
  readonly rule: ReceiptRule;
  /** Only when the reply domain is not covered by the sender domain's verification. */
  readonly replyIdentity?: EmailIdentity;
  readonly activation?: ReceiptRuleActivation;

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id);

    // SES receives only for verified domains; a subdomain inherits the sender domain's verification.
    if (!isWithinDomain(props.replyDomain, props.senderDomain)) {
      this.replyIdentity = new EmailIdentity(this, "ReplyIdentity", { identity: Identity.domain(props.replyDomain) });
    }

    this.ruleSet = new ReceiptRuleSet(this, "RuleSet", { receiptRuleSetName: RECEIPT_RULE_SET_NAME });
    this.rule = this.ruleSet.addRule("Replies", {
      receiptRuleName: RECEIPT_RULE_NAME,
      recipients: [props.replyDomain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      // Order matters: the object must exist before the function reads it. The bucket policy letting
      // ses.amazonaws.com PutObject from this rule only is the data stack's (it deploys first).
      actions: [
        new StoreInBucket(props.bucket, INBOUND_PREFIX),
        new Lambda({ function: props.handler, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
    if (props.activate) {
      this.activation = new ReceiptRuleActivation(this, "Activate", { ruleSetName: RECEIPT_RULE_SET_NAME });
      // Created after the rule set and its rule; on delete, deactivated before they are removed.
      this.activation.node.addDependency(this.ruleSet, this.rule);
    }
  }
}
