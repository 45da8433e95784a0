import { Stack, Validations } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";

export interface ReceiptRuleActivationProps {
  /** The rule set to make the account's active one. */
  readonly ruleSetName: string;
}

/**
 * Makes Legwork's receipt rule set the account's active one when the stack is created, and deactivates it
 * when the stack is deleted (SES refuses to delete an active rule set, so without this a destroy fails).
 * CloudFormation has no property for it, so an AwsCustomResource calls SES SetActiveReceiptRuleSet.
 * An account has one active set: `activateReceiptRuleSet: false` leaves another team's set in place.
 *
 * @example
 * new ReceiptRuleActivation(this, "ActivateRuleSet", { ruleSetName: RECEIPT_RULE_SET_NAME });
 */
export class ReceiptRuleActivation extends Construct {
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: ReceiptRuleActivationProps) {
    super(scope, id);
    const activate = {
      service: "SES",
      action: "SetActiveReceiptRuleSet",
      parameters: { RuleSetName: props.ruleSetName },
      physicalResourceId: PhysicalResourceId.of(`active-receipt-rule-set-${props.ruleSetName}`),
    };
    this.resource = new AwsCustomResource(this, "Resource", {
      resourceType: "Custom::ActiveReceiptRuleSet",
      onCreate: activate,
      onUpdate: activate,
      // No RuleSetName: SES deactivates the active set.
      onDelete: { service: "SES", action: "SetActiveReceiptRuleSet", parameters: {} },
      // SetActiveReceiptRuleSet has no resource type in IAM: "*" is the only resource it accepts.
      policy: AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ actions: ["ses:SetActiveReceiptRuleSet"], resources: ["*"] })]),
      installLatestAwsSdk: false,
    });
    Validations.of(this.resource).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "ses:SetActiveReceiptRuleSet has no resource type: '*' is the only resource IAM accepts.",
    });
    acknowledgeProvider(Stack.of(this));
  }
}

/** CDK's id of the AwsCustomResource provider: one singleton function per stack, owned by CDK. */
const PROVIDER_ID = "AWS679f53fac002430cb0da5b7982bd2287";

const acknowledgeProvider = (stack: Stack): void => {
  const provider = stack.node.tryFindChild(PROVIDER_ID);
  if (!provider) return;
  const reasons: Record<string, string> = {
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]":
      "CDK's AwsCustomResource provider (runs only during deploy and destroy) uses the basic execution role for its logs.",
    "AwsSolutions-L1": "CDK's AwsCustomResource provider picks its own runtime; it runs only during deploy and destroy.",
  };
  for (const [id, reason] of Object.entries(reasons)) Validations.of(provider).acknowledge({ id, reason });
};
