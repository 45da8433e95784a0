/** What the fault-injection run delivered (faults.test.ts): missed weeks, duplicates by cause, runners left in a bad state. */
import type { Runner } from "../../functions/domain/profile.js";
import { advanceCutByDeath, advanceLastFailed, bump, counts, crashedAfterSend, sesAnswerLost, slotsUntil } from "./fault-ledger.js";
import type { AcceptedEmail } from "./support.js";

type Stored = Runner & { claimId?: string };

/** What each runner got, from the Message-IDs SES accepted: <week{N}.{runnerId}@…>, and how often each Message-ID went. */
const received = (accepted: readonly AcceptedEmail[]) => {
  const got = new Map<string, Map<number, number>>();
  const copies = new Map<string, number>();
  let unexpectedMessages = 0;
  for (const email of accepted) {
    bump(copies, email.messageId);
    const match = /^<week(\d+)\.([a-z0-9]+)@/.exec(email.messageId);
    if (!match) {
      unexpectedMessages++;
      continue;
    }
    const weeks = got.get(match[2]!) ?? new Map<number, number>();
    weeks.set(Number(match[1]), (weeks.get(Number(match[1])) ?? 0) + 1);
    got.set(match[2]!, weeks);
  }
  return { got, copies, unexpectedMessages };
};

/** Each duplicate, by its cause: a crash after SES accepted that Message-ID, or a lost SES response to it. */
const duplicatesByCause = (copies: Map<string, number>) => {
  const byCause = { crashAfterSend: 0, sesResponseLost: 0, other: 0 };
  for (const [messageId, n] of copies) {
    const extra = n - 1;
    const crash = Math.min(extra, crashedAfterSend.get(messageId) ?? 0);
    const lost = Math.min(extra - crash, sesAnswerLost.get(messageId) ?? 0);
    byCause.crashAfterSend += crash;
    byCause.sesResponseLost += lost;
    byCause.other += extra - crash - lost;
  }
  return byCause;
};

/** A runner that is not active at the week it was due, with no claim and its next slot after `last`. */
const wrongState = (runner: Runner, state: Stored | undefined, due: number, last: Date): string | undefined =>
  !state || state.status !== "active" || state.week !== due || state.claimId !== undefined || !(state.nextSendAt! > last.toISOString())
    ? `${runner.id}: status ${state?.status}, week ${state?.week} (due ${due}), claim ${state?.claimId ?? "none"}, next ${state?.nextSendAt}`
    : undefined;

export const tally = (accepted: readonly AcceptedEmail[], runners: readonly Runner[], stored: Map<string, Stored>, last: Date) => {
  const { got, copies, unexpectedMessages } = received(accepted);
  let emailsDue = 0;
  let missedWeeks = 0;
  let duplicateEmails = 0;
  let sentBeyondSchedule = 0;
  const badState: string[] = [];
  for (const runner of runners) {
    const due = slotsUntil(runner, last);
    emailsDue += due;
    const weeks = got.get(runner.id) ?? new Map<number, number>();
    for (let w = 1; w <= due; w++) if (!weeks.get(w)) missedWeeks++;
    for (const [w, n] of weeks) {
      if (w > due) sentBeyondSchedule += n;
      else duplicateEmails += n - 1;
    }
    const bad = wrongState(runner, stored.get(runner.id), due, last);
    if (bad) badState.push(bad);
  }
  const byCause = duplicatesByCause(copies);
  // A death after SES accepted: at the send itself, a send that landed after it, or before the advance landed.
  const crashesAfterSend = counts.abortsAfterSend + counts.cascadedAfterSend + advanceCutByDeath.size;
  return {
    emailsDue,
    emailsAccepted: accepted.length,
    missedWeeks,
    duplicateEmails,
    duplicatesAfterCrashAfterSend: byCause.crashAfterSend,
    duplicatesAfterSesResponseLost: byCause.sesResponseLost,
    duplicatesOtherCause: byCause.other,
    crashesAfterSend,
    allowedDuplicates: crashesAfterSend + counts.sesResponsesLost,
    advanceWritesAbandoned: [...advanceLastFailed].filter(([claim, failed]) => failed && !advanceCutByDeath.has(claim)).length,
    sentBeyondSchedule,
    unexpectedMessages,
    byCause,
    badState,
  };
};
