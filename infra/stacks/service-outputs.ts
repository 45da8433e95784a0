import { CfnOutput } from "aws-cdk-lib";
import type { Stack } from "aws-cdk-lib";
import type { InboundMail } from "../constructs/inbound-mail.js";
import type { LegworkFunction } from "../constructs/legwork-function.js";
import type { MailSending } from "../constructs/mail-sending.js";

export interface ServiceOutputsProps {
  readonly baseUrl: string;
  readonly functionUrl: string;
  readonly functions: Readonly<Record<string, LegworkFunction | undefined>>;
  readonly operatorTopicArn: string;
  readonly dashboardName: string;
  readonly mail: MailSending;
  readonly inboundMail: InboundMail;
  readonly sendQueueUrl?: string;
  readonly distributionDomainName?: string;
}

/**
 * What the operator (and `legwork --stack`) reads after a deploy: function names, URLs, the DNS records to
 * publish. Names are stable: tools look them up by OutputKey. The table, bucket and secret are the
 * LegworkData stack's outputs (TableName, ReplyBucketName, TokenSecretArn): an output here cannot name
 * them (their values are cross-stack references, which CloudFormation refuses in Outputs).
 */
export const addServiceOutputs = (stack: Stack, props: ServiceOutputsProps): void => {
  const out = (id: string, value: string, description: string): void => {
    new CfnOutput(stack, id, { value, description });
  };
  out("PublicBaseUrl", props.baseUrl, "Base of every link in emails");
  out("WebFunctionUrl", props.functionUrl, "The web function's own URL (private to CloudFront when domainName is set)");
  for (const [name, fn] of Object.entries(props.functions)) {
    if (fn) out(`${name}FunctionName`, fn.function.functionName, `The ${name.toLowerCase()} function (aws lambda invoke --function-name)`);
  }
  if (props.sendQueueUrl) out("SendQueueUrl", props.sendQueueUrl, "Fan-out send queue");
  if (props.distributionDomainName) {
    out("DistributionDomainName", props.distributionDomainName, "CNAME target for domainName (CloudFront)");
  }
  out("OperatorTopicArn", props.operatorTopicArn, "Alarms and red-flag alerts");
  out("DashboardName", props.dashboardName, "CloudWatch dashboard");
  out("ConfigurationSetName", props.mail.configurationSet.configurationSetName, "SES configuration set");
  props.mail.identity.dkimRecords.forEach((record, i) => {
    out(`DkimCname${i + 1}`, `${record.name} CNAME ${record.value}`, `DKIM record ${i + 1} for the sending domain: <name> CNAME <value>`);
  });
  props.inboundMail.replyIdentity?.dkimRecords.forEach((record, i) => {
    out(`ReplyDomainDkimCname${i + 1}`, `${record.name} CNAME ${record.value}`, `DKIM record ${i + 1} verifying the reply domain`);
  });
  out(
    "MailFromDomain",
    props.mail.mailFromDomain,
    'Needs MX 10 feedback-smtp.<region>.amazonses.com and TXT "v=spf1 include:amazonses.com ~all"',
  );
  out(
    "ReceiptRuleSetName",
    props.inboundMail.ruleSet.receiptRuleSetName,
    props.inboundMail.activation
      ? "Activated by the stack"
      : "Not activated (activateReceiptRuleSet: false): add its rule to your active set",
  );
  out("ReplyDomainMx", `10 inbound-smtp.${stack.region}.amazonaws.com`, "MX record for the reply domain");
};
