import type { SoreArea } from "../profile.js";

/** Red-flag codes, in the order the contract lists them (and the order output uses). */
export const RED_FLAGS = [
  "sharp_pain",
  "swelling",
  "bruising",
  "rest_pain",
  "persistent",
  "worsening",
  "cant_bear_weight",
  "numbness",
  "bone_pain",
  "joint_pain",
] as const;

export type RedFlag = (typeof RED_FLAGS)[number];

export const COMMANDS = ["stop", "pause", "resume"] as const;
export type Command = (typeof COMMANDS)[number];

/** The contract's `parse-reply` JSON, keys in contract order. */
export interface ParsedReply {
  /** 0-10, or null when the reply gives no score. */
  soreness: number | null;
  /** Sore areas in `SORE_AREAS` order, de-duplicated. */
  areas: SoreArea[];
  /** Red flags in `RED_FLAGS` order, de-duplicated. */
  redFlags: RedFlag[];
  command: Command | null;
  /** Weeks to pause (1-12); null means "the caller picks its default". Only set with `pause`. */
  pauseWeeks: number | null;
  /** The new text, quotes and signature removed, trimmed. */
  text: string;
}

/** What the inbound handler needs to know about one received message. */
export interface InboundMessage {
  /** The From address, lower-cased; null when there is none. */
  from: string | null;
  /** How many sender addresses the From headers name, over all of them: anything but 1 is refused. */
  senders: number;
  /** Lower-cased addresses from To, Delivered-To and X-Original-To, de-duplicated. */
  to: string[];
  subject: string;
  /** The RFC 5322 Message-ID, as given. */
  messageId: string | null;
  /** SHA-256 (hex) of the decoded bodies: the same message replayed has the same hash. */
  bodyHash: string;
  /** True for out-of-office replies, bounces and other machine-sent mail: never act on these. */
  autoReply: boolean;
  attachments: number;
  /** Warning-sign words without enough said to be a red flag: ask about them (empty when there are red flags). */
  unclear: RedFlag[];
  /** Size of the raw message in bytes. */
  size: number;
  reply: ParsedReply;
}

/** Bounds on the work one message may cause. */
export interface ParseLimits {
  /** Largest raw message accepted, in bytes. */
  maxBytes: number;
  /** Longest `reply.text` returned, in characters. */
  maxTextChars: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxBytes: 1024 * 1024,
  maxTextChars: 10_000,
};
