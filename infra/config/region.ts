import { Annotations, Aws, CfnRule, Fn, Token } from "aws-cdk-lib";
import type { Stack } from "aws-cdk-lib";

/**
 * Regions where SES receives email (the inbound-smtp.<region>.amazonaws.com endpoints in the AWS SES
 * endpoints reference). Legwork's replies need it. Add a region here when AWS lists a new endpoint.
 */
export const SES_RECEIVING_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-northeast-1",
] as const;

export const receivingRegionMessage = (region: string): string =>
  `Legwork needs SES email receiving for replies, and ${region} has none. Deploy to one of: ${SES_RECEIVING_REGIONS.join(", ")}.`;

/** The region a deploy will target, when synth can know it: the stack's own, else the CLI's default. */
export const knownRegion = (stack: Stack, env: Record<string, string | undefined> = process.env): string | undefined =>
  Token.isUnresolved(stack.region) ? env["CDK_DEFAULT_REGION"] : stack.region;

/**
 * Refuses a region without SES receiving: at synth when the region is known (an error annotation fails
 * `cdk synth` and `cdk deploy` with the message), and in any case at deploy time through a template rule,
 * which CloudFormation checks before it creates anything.
 */
export const requireReceivingRegion = (stack: Stack, region = knownRegion(stack)): void => {
  if (region !== undefined && !(SES_RECEIVING_REGIONS as readonly string[]).includes(region)) {
    Annotations.of(stack).addError(receivingRegionMessage(region));
  }
  new CfnRule(stack, "SesReceivingRegion", {
    assertions: [
      {
        assert: Fn.conditionContains([...SES_RECEIVING_REGIONS], Aws.REGION),
        assertDescription: receivingRegionMessage("this region"),
      },
    ],
  });
};
