/** From a receipt to handleInbound's input: read each stored message, handle it, remove the inbound copy. */
import type { Verdicts } from "../domain/inbound.js";
import { logger } from "../lib/logger.js";
import { RawMailNotFoundError } from "../ports/raw-mail.js";
import type { Deps } from "../wiring.js";
import type { InboundOutcome } from "./inbound.js";
import { handleInbound } from "./inbound.js";
import { drop } from "./inbound-screen.js";

/** One received message as the receipt rule reports it; its bytes wait in the raw-mail store under inboundKey(messageId). */
export interface InboundDelivery {
  messageId: string;
  /** When the provider received it (stable across redeliveries). */
  receivedAt: string;
  recipients: string[];
  verdicts: Verdicts;
}

/**
 * A delivery found its message claimed by another that has not finished: thrown by processDeliveries
 * after the rest of the batch, with the inbound copy kept, so Lambda retries the delivery later.
 */
export class InboundInFlightError extends Error {
  override readonly name = "InboundInFlightError";
  constructor(readonly messageIds: string[]) {
    super(`inbound message still in flight in another delivery: ${messageIds.length}`);
  }
}

/** Where the receipt rule's S3 action puts each message (objectKeyPrefix "inbound/"). */
export const inboundKey = (messageId: string): string => `inbound/${messageId}`;

/** The stored bytes of a delivery; a drop when over the size limit (checked by size first, never read), or gone. */
const readStored = async (deps: Deps, messageId: string): Promise<Buffer | InboundOutcome> => {
  const key = inboundKey(messageId);
  try {
    if ((await deps.rawMail.size(key)) > deps.config.LEGWORK_INBOUND_MAX_BYTES) {
      await deps.rawMail.delete(key);
      return drop("rejected", "too_large", { messageId });
    }
    return await deps.rawMail.get(key);
  } catch (error) {
    // A redelivery after the first run finished: the inbound copy is already gone.
    if (!(error instanceof RawMailNotFoundError)) throw error;
    logger.info("inbound message already processed", { messageId });
    return { kind: "ignored", reason: "already_processed" };
  }
};

/**
 * The messages of one receipt event: read each stored message, handle it, and remove the inbound copy (an
 * accepted reply is kept under replies/<runner>/ for the runner's data rights). The stored size is checked
 * first (HeadObject), so a message over LEGWORK_INBOUND_MAX_BYTES is dropped without being read.
 */
export const processDeliveries = async (deps: Deps, deliveries: readonly InboundDelivery[]): Promise<InboundOutcome[]> => {
  const outcomes: InboundOutcome[] = [];
  const inFlight: string[] = [];
  for (const delivery of deliveries) {
    const raw = await readStored(deps, delivery.messageId);
    if (!Buffer.isBuffer(raw)) {
      outcomes.push(raw);
      continue;
    }
    const outcome = await handleInbound(deps, { ...delivery, raw });
    outcomes.push(outcome);
    // Claimed by a delivery that has not finished (or died): keep the copy for Lambda's retry.
    if (outcome.kind === "duplicate" && outcome.inFlight) inFlight.push(delivery.messageId);
    else await deps.rawMail.delete(inboundKey(delivery.messageId));
  }
  if (inFlight.length > 0) throw new InboundInFlightError(inFlight);
  return outcomes;
};
