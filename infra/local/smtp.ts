import { randomBytes } from "node:crypto";
import type { SESEvent } from "aws-lambda";
import { SMTPServer } from "smtp-server";

/** What the local receipt rule reports; PASS everywhere by default, and settable to try FAIL. */
export interface LocalVerdicts {
  spam: string;
  virus: string;
  spf: string;
  dkim: string;
  dmarc: string;
}

export const DEFAULT_VERDICTS: LocalVerdicts = { spam: "PASS", virus: "PASS", spf: "PASS", dkim: "PASS", dmarc: "PASS" };

/** Verdicts from `LEGWORK_LOCAL_VERDICTS`, e.g. {"dkim":"FAIL"}; anything unset stays PASS. */
export const verdictsFromEnv = (value: string | undefined): LocalVerdicts => {
  if (!value) return DEFAULT_VERDICTS;
  const parsed = JSON.parse(value) as Partial<LocalVerdicts>;
  return { ...DEFAULT_VERDICTS, ...parsed };
};

export interface LocalReceiptOptions {
  port: number;
  /** Stores the raw message where the SES S3 action would (`inbound/<messageId>`). */
  store: (key: string, raw: Buffer) => Promise<void>;
  /** The inbound Lambda handler, invoked with an SES-shaped event after the message is stored. */
  invoke: (event: SESEvent) => Promise<unknown>;
  verdicts?: () => LocalVerdicts;
  /** Largest message accepted, as SES (40 MB) would; the handler applies Legwork's own, lower limit. */
  maxBytes?: number;
}

/** An SES-style message id: lower-case, 40 characters. */
const sesMessageId = (): string => randomBytes(20).toString("hex");

export const sesEvent = (input: {
  messageId: string;
  from: string;
  recipients: string[];
  verdicts: LocalVerdicts;
  at: Date;
  bucketKey: string;
}): SESEvent => {
  const status = (s: string) => ({ status: s as "PASS" });
  return {
    Records: [
      {
        eventSource: "aws:ses",
        eventVersion: "1.0",
        ses: {
          mail: {
            timestamp: input.at.toISOString(),
            source: input.from,
            messageId: input.messageId,
            destination: input.recipients,
            headersTruncated: false,
            headers: [],
            commonHeaders: {
              returnPath: input.from,
              from: [input.from],
              date: input.at.toUTCString(),
              to: input.recipients,
              messageId: input.messageId,
              subject: "",
            },
          },
          receipt: {
            timestamp: input.at.toISOString(),
            processingTimeMillis: 1,
            recipients: input.recipients,
            spamVerdict: status(input.verdicts.spam),
            virusVerdict: status(input.verdicts.virus),
            spfVerdict: status(input.verdicts.spf),
            dkimVerdict: status(input.verdicts.dkim),
            dmarcVerdict: status(input.verdicts.dmarc),
            action: { type: "Lambda", functionArn: "arn:aws:lambda:local:000000000000:function:legwork-inbound", invocationType: "Event" },
          },
        },
      },
    ],
  };
};

/**
 * The local stand-in for SES receiving: an SMTP listener on loopback that stores each message as the
 * S3 action would, then calls the same inbound handler with an SES-shaped event.
 */
export const startLocalReceipt = async (options: LocalReceiptOptions): Promise<{ port: number; stop: () => Promise<void> }> => {
  const maxBytes = options.maxBytes ?? 40 * 1024 * 1024;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: maxBytes,
    logger: false,
    banner: "Legwork local receipt",
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (size > maxBytes) return callback(Object.assign(new Error("Message too large"), { responseCode: 552 }));
        const raw = Buffer.concat(chunks);
        const messageId = sesMessageId();
        const bucketKey = `inbound/${messageId}`;
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        options
          .store(bucketKey, raw)
          .then(() =>
            options.invoke(
              sesEvent({ messageId, from, recipients, verdicts: options.verdicts?.() ?? DEFAULT_VERDICTS, at: new Date(), bucketKey }),
            ),
          )
          .then(
            () => callback(null, `Queued as ${messageId}`),
            (error: unknown) => {
              // SES would have accepted the mail and the async Lambda would retry; locally we report it.
              process.stderr.write(`inbound handler failed: ${error instanceof Error ? error.message : String(error)}\n`);
              callback(null, `Queued as ${messageId}`);
            },
          );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
