import type { Runner } from "../domain/profile.js";
import type { StatsCheckin } from "../domain/stats.js";

/** One operator action, as the action log keeps it: who, what, on which runner (id only), when. */
export interface OperatorAction {
  at: string;
  operator: string;
  action: string;
  runnerId?: string | undefined;
  /** Short, non-personal detail (an email type, a week), never reply text or a runner's address. */
  detail?: string | undefined;
}

export interface OperatorSession {
  id: string;
  operator: string;
  expiresAt: string;
}

/** The operator's sign-in links (single use), sessions and action log. */
export interface OperatorStore {
  /** Stores a new link; false when the nonce is taken already (nothing is overwritten). */
  putSignInLink(nonce: string, operator: string, expiresAt: string): Promise<boolean>;
  /** Uses the link up; undefined when it was used already (or never made). */
  consumeSignInLink(nonce: string): Promise<{ operator: string; expiresAt: string } | undefined>;
  /** Stores a new session; false when the id is taken already. */
  putSession(session: OperatorSession): Promise<boolean>;
  getSession(id: string): Promise<OperatorSession | undefined>;
  deleteSession(id: string): Promise<void>;
  logAction(action: OperatorAction): Promise<void>;
  /** The latest `limit` actions, newest first. */
  recentActions(limit?: number): Promise<OperatorAction[]>;
}

export interface OperatorSnapshot {
  runners: Runner[];
  checkins: (StatsCheckin & { areas: string[]; note: string; week: number; source: string })[];
  /** Weekly emails the provider refused, by week start. */
  failures: Record<string, number>;
}

/** Reads over every runner for operator tools (stats, triage list): never on the send path. */
export interface OperatorReads {
  snapshot(): Promise<OperatorSnapshot>;
}

/** The dispatcher's weekly count of refused sends, for the operator's stats. */
export interface SendFailureCounter {
  /** Adds `count` failed weekly sends to the week starting `weekStart` (YYYY-MM-DD). */
  countSendFailures(weekStart: string, count: number): Promise<void>;
}
