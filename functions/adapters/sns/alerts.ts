import type { SNSClient } from "@aws-sdk/client-sns";
import { logger } from "../../lib/logger.js";
import type { OperatorAlerts } from "../../ports/alerts.js";
import type { ClientHook } from "../../ports/client-hook.js";

/** Red-flag alerts on the operator SNS topic: runner id and flag codes only, no names, no reply text. */
export class SnsOperatorAlerts implements OperatorAlerts {
  private sns: Promise<Pick<SNSClient, "send">> | undefined;

  /** The SNS SDK loads on the first alert, not at cold start. */
  constructor(
    private readonly region: string,
    private readonly topicArn: string,
    private readonly hook?: ClientHook,
  ) {}

  async redFlag(input: { runnerId: string; redFlags: string[] }): Promise<void> {
    const { PublishCommand, SNSClient: Client } = await import("@aws-sdk/client-sns");
    this.sns ??= Promise.resolve(new Client({ region: this.region })).then((client) => (this.hook?.(client), client));
    await (
      await this.sns
    ).send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: "Legwork: a runner reported a red flag",
        Message: JSON.stringify({ type: "red_flag", runnerId: input.runnerId, redFlags: input.redFlags }),
      }),
    );
  }
}

/** Without a topic (the local stack), the alert is a structured log line the operator can search for. */
export class LogOperatorAlerts implements OperatorAlerts {
  async redFlag(input: { runnerId: string; redFlags: string[] }): Promise<void> {
    logger.warn("operator alert: red flag", { alert: "red_flag", runnerId: input.runnerId, redFlags: input.redFlags });
  }
}
