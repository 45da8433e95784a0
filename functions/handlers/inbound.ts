import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { SESEvent } from "aws-lambda";
import type { InboundOutcome } from "../app/inbound.js";
import { handleInbound } from "../app/inbound.js";
import { logger } from "../lib/logger.js";
import { RawMailNotFoundError } from "../ports/raw-mail.js";
import { getDeps } from "../wiring.js";

/** Where the receipt rule's S3 action puts each message (objectKeyPrefix "inbound/"). */
export const inboundKey = (messageId: string): string => `inbound/${messageId}`;

/**
 * The inbound Lambda: SES receipt rule → (S3 action stores the raw message) → this handler.
 * Thin: it reads the stored message, hands it to the use case, and removes the inbound copy
 * (an accepted reply is kept under replies/<runner>/ for the runner's data rights).
 */
export const handler = middy<SESEvent, InboundOutcome[]>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function inboundHandler(event) {
    const deps = await getDeps();
    const outcomes: InboundOutcome[] = [];
    for (const record of event.Records ?? []) {
      const { mail, receipt } = record.ses;
      const key = inboundKey(mail.messageId);
      let raw: Buffer;
      try {
        raw = await deps.rawMail.get(key);
      } catch (error) {
        // A redelivery after the first run finished: the inbound copy is already gone.
        if (!(error instanceof RawMailNotFoundError)) throw error;
        logger.info("inbound message already processed", { messageId: mail.messageId });
        outcomes.push({ kind: "ignored", reason: "already_processed" });
        continue;
      }
      outcomes.push(
        await handleInbound(deps, {
          messageId: mail.messageId,
          receivedAt: receipt.timestamp ?? mail.timestamp,
          recipients: receipt.recipients ?? mail.destination ?? [],
          verdicts: {
            spam: receipt.spamVerdict?.status ?? "GRAY",
            virus: receipt.virusVerdict?.status ?? "GRAY",
            spf: receipt.spfVerdict?.status ?? "GRAY",
            dkim: receipt.dkimVerdict?.status ?? "GRAY",
            dmarc: receipt.dmarcVerdict?.status ?? "GRAY",
          },
          raw,
        }),
      );
      await deps.rawMail.delete(key);
    }
    return outcomes;
  });
