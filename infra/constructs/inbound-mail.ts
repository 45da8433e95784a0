import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { ReceiptRule } from "aws-cdk-lib/aws-ses";
import { EmailIdentity, Identity, ReceiptRuleSet, TlsPolicy } from "aws-cdk-lib/aws-ses";
import { Lambda, LambdaInvocationType, S3 } from "aws-cdk-lib/aws-ses-actions";
import { Construct } from "constructs";
import { INBOUND_PREFIX } from "../stacks/data-stack.js";

/** True when `domain` is `parent` or one of its subdomains (whose verification it inherits). */
export const isWithinDomain = (domain: string, parent: string): boolean =>
  domain === parent || domain.endsWith(`.${parent}`);

export interface InboundMailProps {
  readonly replyDomain: string;
  /** The verified sending domain; a reply domain outside it gets its own SES identity. */
  readonly senderDomain: string;
  readonly bucket: IBucket;
  readonly handler: IFunction;
}

/**
 * Replies to checkin+<token>@replyDomain: SES stores the raw message in S3, then invokes the
 * inbound function asynchronously with the SES event (message id and verdicts).
 *
 * A receipt rule set only takes effect once it is the account's active set, and
 * CloudFormation cannot activate one. After the first deploy run:
 * `aws ses set-active-receipt-rule-set --rule-set-name <ReceiptRuleSetName output>`.
 *
 * @example
 * new InboundMail(this, "Inbound", { replyDomain: "reply.legwork.example", bucket, handler });
 */
export class InboundMail extends Construct {
  readonly ruleSet: ReceiptRuleSet;
  readonly rule: ReceiptRule;
  /** Only when the reply domain is not covered by the sender domain's verification. */
  readonly replyIdentity?: EmailIdentity;

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id);

    // SES receives only for verified domains; a subdomain inherits the sender domain's verification.
    if (!isWithinDomain(props.replyDomain, props.senderDomain)) {
      this.replyIdentity = new EmailIdentity(this, "ReplyIdentity", { identity: Identity.domain(props.replyDomain) });
    }

    this.ruleSet = new ReceiptRuleSet(this, "RuleSet");
    this.rule = this.ruleSet.addRule("Replies", {
      recipients: [props.replyDomain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      // Order matters: the object must exist before the function reads it. The S3 action
      // also adds the bucket-policy statement letting ses.amazonaws.com (this account only) PutObject.
      actions: [
        new S3({ bucket: props.bucket, objectKeyPrefix: INBOUND_PREFIX }),
        new Lambda({ function: props.handler, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
  }
}
