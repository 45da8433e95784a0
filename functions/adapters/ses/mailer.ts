import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type * as SesSdk from "@aws-sdk/client-sesv2";
import type { OutgoingEmail } from "../../mail/mime.js";
import type * as Mime from "../../mail/mime.js";
import type { Mailer } from "../../ports/mailer.js";

let sdk: Promise<typeof SesSdk> | undefined;
let mime: Promise<typeof Mime> | undefined;

/**
 * SES v2 SendEmail with Raw content: the MIME we build is exactly what is sent. The SES SDK and the
 * MIME composer load on the first send, so a cold start that sends nothing pays for neither.
 */
export class SesMailer implements Mailer {
  private readonly client: () => Promise<SESv2Client>;

  /** @param ses a client, or a function that makes one on first use */
  constructor(
    ses: SESv2Client | (() => Promise<SESv2Client>),
    private readonly configurationSet?: string,
  ) {
    this.client = typeof ses === "function" ? ses : () => Promise.resolve(ses);
  }

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    const [{ SendEmailCommand }, { buildMime }, ses] = await Promise.all([
      (sdk ??= import("@aws-sdk/client-sesv2")),
      (mime ??= import("../../mail/mime.js")),
      this.client(),
    ]);
    const raw = await buildMime(email);
    const out = await ses.send(
      new SendEmailCommand({
        Content: { Raw: { Data: raw } },
        ConfigurationSetName: this.configurationSet,
      }),
    );
    return { providerMessageId: out.MessageId ?? "" };
  }

  /** The account's MaxSendRate (emails per second), for pacing. */
  async maxSendRate(): Promise<number | undefined> {
    const [{ GetAccountCommand }, ses] = await Promise.all([(sdk ??= import("@aws-sdk/client-sesv2")), this.client()]);
    const out = await ses.send(new GetAccountCommand({}));
    return out.SendQuota?.MaxSendRate;
  }
}
