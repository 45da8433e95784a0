/** What a reply is recognised by, besides the provider's id (new on every delivery). */
export type ReplyMark = "message_id" | "body";

/**
 * Replies a runner has sent, by Message-ID and by body: a captured reply replayed (or delivered again
 * under a new provider id) is seen once, while the same delivery retried still goes through.
 */
export interface ReplySeen {
  /**
   * Claims each mark for delivery `deliveryId`: the first mark another delivery claimed already, or null
   * when all are this delivery's. `at`: when the reply arrived (stable across redeliveries).
   */
  claim(runnerId: string, marks: Partial<Record<ReplyMark, string>>, deliveryId: string, at: string): Promise<ReplyMark | null>;
}
