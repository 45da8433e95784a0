import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type * as SesSdk from "@aws-sdk/client-sesv2";
import type { OutgoingEmail } from "../../mail/mime.js";
import type * as Mime from "../../mail/mime.js";
import type { Mailer } from "../../ports/mailer.js";
import { sendErrorOf } from "./send-errors.js";

interface Sending {
  sdk: typeof SesSdk;
  buildMime: typeof Mime.buildMime;
  ses: SESv2Client;
}

/**
 * SES v2 SendEmail with Raw content: the MIME we build is exactly what is sent. The SES SDK, the
 * MIME composer and the client load once, on the first send, so a cold start that sends nothing
 * pays for none of them and every later send finds them ready. A failed send rejects with one of the
 * named errors of mail/send-errors.ts, never with an SDK error.
 */
export class SesMailer implements Mailer {
  private readonly client: () => Promise<SESv2Client>;
  private sending: Sending | undefined;

  /** @param ses a client, or a function that makes one on first use */
  constructor(
    ses: SESv2Client | (() => Promise<SESv2Client>),
    private readonly configurationSet?: string,
  ) {
    this.client = typeof ses === "function" ? ses : () => Promise.resolve(ses);
  }

  private async ready(): Promise<Sending> {
    if (this.sending) return this.sending;
    const [sdk, mime, ses] = await Promise.all([import("@aws-sdk/client-sesv2"), import("../../mail/mime.js"), this.client()]);
    this.sending = { sdk, buildMime: mime.buildMime, ses };
    return this.sending;
  }

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    const { sdk, buildMime, ses } = this.sending ?? (await this.ready());
    const raw = await buildMime(email);
    const command = new sdk.SendEmailCommand({
      Content: { Raw: { Data: raw } },
      ConfigurationSetName: this.configurationSet,
      ...(email.tags ? { EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
    });
    try {
      const out = await ses.send(command);
      return { providerMessageId: out.MessageId ?? "" };
    } catch (error) {
      throw sendErrorOf(error);
    }
  }

  /** SES's 24-hour quota (Max24HourSend, SentLast24Hours) from GetAccount. */
  async sendQuota(): Promise<{ max24HourSend: number; sentLast24Hours: number } | undefined> {
    const { sdk, ses } = await this.ready();
    const out = await ses.send(new sdk.GetAccountCommand({}));
    const quota = out.SendQuota;
    if (quota?.Max24HourSend === undefined) return undefined;
    return { max24HourSend: quota.Max24HourSend, sentLast24Hours: quota.SentLast24Hours ?? 0 };
  }

  /** The account's MaxSendRate (emails per second), for pacing. */
  async maxSendRate(): Promise<number | undefined> {
    const { sdk, ses } = await this.ready();
    const out = await ses.send(new sdk.GetAccountCommand({}));
    return out.SendQuota?.MaxSendRate;
  }
}
