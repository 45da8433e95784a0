import type { Signup } from "../domain/profile.js";
import { signupSchema } from "../domain/profile.js";

/**
 * Signup work done after the answer has gone: create (or find) the runner and send the confirmation
 * email. The web answer is the same 202 for a new and a known address and never waits for this work,
 * so its timing says nothing about who is subscribed. In AWS it goes through SQS (Lambda freezes a
 * function once its handler returns, so work cannot outlive the answer in-process); locally it runs
 * in-process just after the answer is written.
 */
export interface SignupJob {
  signup: Signup;
  baseUrl: string;
  consentSource: string;
  /** When the form was posted (ISO): consent time, and how stale a job is. */
  at: string;
}

/** The signup's own processing of one job (processSignup with its deps). */
export type SignupWork = (job: SignupJob) => Promise<void>;

export interface SignupQueue {
  /**
   * Hands the job on. A queue that runs work in this process calls `work`; one that carries the job to
   * another process (SQS) ignores it, and the consumer there runs the same processing.
   */
  enqueue(job: SignupJob, work: SignupWork): Promise<void>;
}

export const signupJobBody = (job: SignupJob): string => JSON.stringify(job);

/** A queued job read back, validated again with the signup schema; undefined for anything else. */
export const parseSignupJob = (body: string): SignupJob | undefined => {
  try {
    const value = JSON.parse(body) as Partial<SignupJob> | null;
    if (!value || typeof value.baseUrl !== "string" || typeof value.consentSource !== "string" || typeof value.at !== "string")
      return undefined;
    if (Number.isNaN(Date.parse(value.at))) return undefined;
    const signup = signupSchema.safeParse(value.signup);
    return signup.success ? { signup: signup.data, baseUrl: value.baseUrl, consentSource: value.consentSource, at: value.at } : undefined;
  } catch {
    return undefined;
  }
};
