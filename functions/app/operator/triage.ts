import { ValidationError } from "../../domain/errors.js";
import type { Checkin } from "../../domain/checkin.js";
import type { Runner, SoreArea } from "../../domain/profile.js";
import { isHeldForTriage, profileOf } from "../../domain/profile.js";
import { PROGRAMME_WEEKS, renderTriage } from "../../domain/render/index.js";
import type { AppDeps } from "../deps.js";
import { linksOf } from "../links.js";
import { resumeRunner } from "../preferences.js";
import { RunnerNotFoundError, StateConflictError } from "../subscriber-errors.js";
import { footerOf } from "../triage.js";

/** One runner held for a red flag, as `triage list` prints it. */
export interface HeldRunner {
  id: string;
  email: string;
  name: string | null;
  heldAt: string;
  week: number;
  redFlags: string[];
  /** The runner's own words from the reply that raised the flags (the one place an operator reads them). */
  reply: string;
  areas: string[];
}

export interface TriageDetail extends HeldRunner {
  /** What Legwork answered: the careful triage reply, as it was rendered for these flags. */
  answer: { subject: string; text: string };
  /** Every check-in with a red flag, newest first. */
  flaggedCheckins: { at: string; redFlags: string[]; soreness: number | null; reply: string }[];
}

type FlaggedCheckin = { at: string; redFlags: string[]; areas: string[]; note: string; soreness: number | null };

const MAX_NOTE = 500;

const heldOf = (runner: Runner, flagged: readonly FlaggedCheckin[]): HeldRunner => {
  const latest = flagged[0];
  return {
    id: runner.id,
    email: runner.email,
    name: runner.name ?? null,
    heldAt: (runner as Runner & { triageAt?: string }).triageAt ?? runner.updatedAt,
    week: runner.week,
    redFlags: latest?.redFlags ?? [],
    reply: latest?.note ?? "",
    areas: latest?.areas ?? [],
  };
};

/** Runners held for a red flag right now, the longest-held first. */
export const listHeld = async (deps: Pick<AppDeps, "operatorReads">): Promise<HeldRunner[]> => {
  const snap = await deps.operatorReads.snapshot();
  const flagged = new Map<string, FlaggedCheckin[]>();
  for (const c of [...snap.checkins].reverse()) if (c.redFlags.length) flagged.set(c.runnerId, [...(flagged.get(c.runnerId) ?? []), c]);
  return snap.runners
    .filter((r) => isHeldForTriage(r))
    .map((r) => heldOf(r, flagged.get(r.id) ?? []))
    .sort((a, b) => a.heldAt.localeCompare(b.heldAt));
};

/** The check-ins that raised a red flag, newest first. */
const flaggedOf = (checkins: readonly Checkin[]): FlaggedCheckin[] =>
  checkins
    .filter((c) => c.redFlags.length > 0)
    .map(({ at, redFlags, areas, note, soreness }) => ({ at, redFlags, areas, note, soreness }))
    .sort((a, b) => b.at.localeCompare(a.at));

/** One held runner in full: the flags, the reply, and the triage email Legwork sent for them. */
export const showHeld = async (
  deps: Pick<AppDeps, "config" | "keys" | "now" | "runners" | "checkins">,
  id: string,
): Promise<TriageDetail> => {
  const runner = await deps.runners.getById(id);
  if (!runner) throw new RunnerNotFoundError("No runner has that id.");
  const flagged = flaggedOf(await deps.checkins.list(id));
  const held = heldOf(runner, flagged);
  const links = linksOf(deps);
  const rendered = renderTriage({
    profile: profileOf(runner),
    redFlags: held.redFlags,
    areas: held.areas as SoreArea[],
    resumeHint: `Your plan picks up where you left off, at week ${Math.min(runner.week + 1, PROGRAMME_WEEKS)}.`,
    footer: footerOf(deps, links, runner, deps.now()),
  });
  return {
    ...held,
    answer: { subject: rendered.subject, text: rendered.text },
    flaggedCheckins: flagged.map((c) => ({ at: c.at, redFlags: c.redFlags, soreness: c.soreness, reply: c.note })),
  };
};

/**
 * Resumes a held runner on the operator's word: the programme restarts at its next slot, and who did it
 * and why is kept on the runner (erased with them) and in the action log (runner id only).
 */
/** Resuming a held runner: the runners and their subscriber control, the runner's event record and the action log. */
export type ResumeHeldDeps = Pick<AppDeps, "now" | "runners" | "subscribers" | "runnerData" | "operator">;

export const resumeHeld = async (deps: ResumeHeldDeps, input: { id: string; operator: string; note: string }): Promise<Runner> => {
  const note = input.note.trim();
  if (!note || note.length > MAX_NOTE)
    throw new ValidationError(`A note is required: say why the runner can resume (at most ${MAX_NOTE} characters).`, [
      { path: "note", message: `is required, at most ${MAX_NOTE} characters` },
    ]);
  const runner = await deps.runners.getById(input.id);
  if (!runner) throw new RunnerNotFoundError("No runner has that id.");
  if (!isHeldForTriage(runner)) throw new StateConflictError("This runner is not held for a red flag.");
  const resumed = await resumeRunner(deps, runner.id);
  const at = deps.now().toISOString();
  await deps.runnerData.addEvent(runner.id, { at, kind: "resumed-by-operator", operator: input.operator, note });
  await deps.operator.logAction({ at, operator: input.operator, action: "triage-resume", runnerId: runner.id });
  return resumed;
};
