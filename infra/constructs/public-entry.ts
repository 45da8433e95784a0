import { Aws, Duration, Fn, Validations } from "aws-cdk-lib";
import type { Stack } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { FunctionUrlOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import type { IFunctionUrl } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";

/** The header CloudFront adds to every origin request; the web function refuses requests without it. */
export const ORIGIN_VERIFY_HEADER = "x-legwork-origin";

/** What the web function needs from the viewer's request (plus CloudFront's own viewer address). */
const FORWARDED_HEADERS = [
  "Accept",
  "Accept-Language",
  "Content-Type",
  "Origin",
  "Referer",
  "User-Agent",
  "Sec-Fetch-Site",
  "CloudFront-Viewer-Address",
];

export interface PublicEntryProps {
  readonly domainName: string;
  /** ACM certificate in us-east-1 covering domainName. */
  readonly certificateArn: string;
  readonly functionUrl: IFunctionUrl;
}

/**
 * The stable public entry: CloudFront on the operator's domain in front of the web function's URL. Every
 * emailed link uses the domain, so recreating the function or its URL never breaks a link already sent.
 *
 * Keeping the URL private: origin access control signs requests with SigV4, but a Function URL with IAM
 * auth then needs the body's SHA-256 in x-amz-content-sha256 on every POST, which browsers' form posts and
 * mail providers' RFC 8058 one-click unsubscribe never send. So, as AWS documents for origins that cannot
 * verify SigV4, CloudFront adds a secret header (ORIGIN_VERIFY_HEADER; the value is the stack's own id,
 * known only inside the account) and the web function answers 403 to any request without it.
 *
 * @example new PublicEntry(this, "PublicEntry", { domainName: "coach.example.org", certificateArn, functionUrl });
 */
export class PublicEntry extends Construct {
  readonly distribution: Distribution;
  /** The value of ORIGIN_VERIFY_HEADER; the web function gets it as LEGWORK_ORIGIN_VERIFY. */
  readonly originVerify: string;

  constructor(scope: Construct, id: string, props: PublicEntryProps) {
    super(scope, id);
    this.originVerify = Fn.join("-", ["legwork", Fn.select(2, Fn.split("/", Aws.STACK_ID))]);
    const originRequestPolicy = new OriginRequestPolicy(this, "OriginRequests", {
      comment: "Legwork: what the web function reads, and the viewer address for rate limits",
      headerBehavior: OriginRequestHeaderBehavior.allowList(...FORWARDED_HEADERS),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.all(),
    });
    this.distribution = new Distribution(this, "Distribution", {
      comment: `Legwork ${props.domainName}`,
      domainNames: [props.domainName],
      certificate: Certificate.fromCertificateArn(this, "Certificate", props.certificateArn),
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: new FunctionUrlOrigin(props.functionUrl, {
          customHeaders: { [ORIGIN_VERIFY_HEADER]: this.originVerify },
          readTimeout: Duration.seconds(30),
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        // Every page is personal or changes state: nothing is cached.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy,
      },
    });
    const reasons: Record<string, string> = {
      "AwsSolutions-CFR1": "Runners sign up from anywhere; a geo restriction would lock out members abroad and do nothing against abuse.",
      "AwsSolutions-CFR2":
        "WAF costs at least $5 a month plus per-request fees, more than the whole stack for a club; the web function rate-limits signups itself.",
      "AwsSolutions-CFR3": "Access logs would keep every viewer's IP and the tokens in link URLs; the web function logs by runner id only.",
    };
    for (const [ruleId, reason] of Object.entries(reasons)) Validations.of(this.distribution).acknowledge({ id: ruleId, reason });
  }

  /** Without a domain, links use the Function URL's host, which changes when the URL is recreated. */
  static warnUnstableLinks(stack: Stack): void {
    // On stderr, not as an annotation: under the validation report (cdk-nag) any annotation fails the synth.
    void stack;
    process.stderr.write(`WARNING: ${UNSTABLE_LINKS_WARNING}\n`);
  }
}

/** What synth says when links would use the Function URL's host. */
export const UNSTABLE_LINKS_WARNING =
  "No domainName (or publicBaseUrl): emailed links use the Function URL's host, and every link already sent " +
  "(unsubscribe, preferences: they live 2 years) breaks if the URL is ever recreated. Set domainName and " +
  "certificateArn in cdk.json to serve a stable domain through CloudFront.";
