import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { GetAccountCommand, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { OutgoingEmail } from "../../mail/mime.js";
import { buildMime } from "../../mail/mime.js";
import type { Mailer } from "../../ports/mailer.js";

/** SES v2 SendEmail with Raw content: the MIME we build is exactly what is sent. */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    const raw = await buildMime(email);
    const out = await this.ses.send(
      new SendEmailCommand({
        Content: { Raw: { Data: raw } },
        ConfigurationSetName: this.configurationSet,
      }),
    );
    return { providerMessageId: out.MessageId ?? "" };
  }

  /** The account's MaxSendRate (emails per second), for pacing. */
  async maxSendRate(): Promise<number | undefined> {
    const out = await this.ses.send(new GetAccountCommand({}));
    return out.SendQuota?.MaxSendRate;
  }
}
