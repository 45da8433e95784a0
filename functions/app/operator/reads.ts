import type { Runner } from "../../domain/profile.js";
import { normaliseEmail } from "../../domain/profile.js";
import type { Stats } from "../../domain/stats.js";
import { computeStats } from "../../domain/stats.js";
import type { AppDeps } from "../deps.js";
import { RunnerNotFoundError } from "../subscriber-errors.js";

/** The operator's numbers over the latest `weeks` weeks (one Scan of the table). */
export const operatorStats = async (deps: Pick<AppDeps, "now" | "operatorReads">, weeks = 8): Promise<Stats> => {
  const snap = await deps.operatorReads.snapshot();
  return computeStats({ ...snap, now: deps.now(), weeks });
};

/** At most this many runners in a search result. */
export const SEARCH_LIMIT = 50;

/** Runners whose address is `q` (a direct lookup), else whose address or name contains it. */
export const searchRunners = async (deps: Pick<AppDeps, "runners">, q: string): Promise<Runner[]> => {
  const query = normaliseEmail(q);
  if (!query) return [];
  const exact = await deps.runners.getByEmail(query);
  if (exact) return [exact];
  const all = await deps.runners.list();
  return all.filter((r) => r.email.includes(query) || (r.name ?? "").toLowerCase().includes(query)).slice(0, SEARCH_LIMIT);
};

export interface TimelineEntry {
  at: string;
  kind: "signup" | "confirmed" | "email" | "checkin" | "paused" | "held" | "unsubscribed" | "suppressed" | "resumed-by-operator" | "event";
  summary: string;
}

type Item = Record<string, unknown>;

/** At the same instant, causes come before effects: a signup before its confirmation, a check-in before its hold. */
const RANK: TimelineEntry["kind"][] = [
  "signup",
  "confirmed",
  "email",
  "checkin",
  "held",
  "paused",
  "unsubscribed",
  "suppressed",
  "resumed-by-operator",
  "event",
];
const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

const stateEntries = (p: Item): TimelineEntry[] => {
  const out: TimelineEntry[] = [];
  const add = (at: unknown, kind: TimelineEntry["kind"], summary: string) => {
    const iso = str(at);
    if (iso) out.push({ at: iso, kind, summary });
  };
  add(p["createdAt"], "signup", `signed up (${String(p["consentSource"] ?? "form")})`);
  add(p["confirmedAt"], "confirmed", "confirmed the address");
  if (str(p["triageAt"]) !== str(p["pausedAt"]))
    add(p["pausedAt"], "paused", p["pausedUntil"] ? `paused until ${String(p["pausedUntil"])}` : "paused");
  add(p["triageAt"], "held", "held for a red flag");
  add(p["unsubscribedAt"], "unsubscribed", "unsubscribed");
  add(p["suppressedAt"], "suppressed", `suppressed: ${String(p["status"])}`);
  return out;
};

const sendEntries = (p: Item): TimelineEntry[] =>
  (Array.isArray(p["sends"]) ? (p["sends"] as Item[]) : []).map((s) => ({
    at: String(s["at"]),
    kind: "email" as const,
    summary: `${s["kind"] === "recovery" ? "recovery week" : "week"} ${String(s["week"])} email sent`,
  }));

const checkinEntry = (c: Item): TimelineEntry => {
  const flags = (c["redFlags"] as string[] | undefined) ?? [];
  const score = typeof c["soreness"] === "number" ? `${c["soreness"]}/10` : "no score";
  return {
    at: String(c["at"]),
    kind: "checkin",
    summary: `check-in by ${String(c["source"])}: ${score}${flags.length ? `, red flags: ${flags.join(", ")}` : ""}`,
  };
};

/** An operator event kept with the runner; other records (reply marks) are not part of the story. */
const eventEntry = (e: Item & { record: string }): TimelineEntry | undefined => {
  if (e.record !== "EVENT") return undefined;
  if (e["kind"] === "resumed-by-operator")
    return { at: String(e["at"]), kind: "resumed-by-operator", summary: `resumed by ${String(e["operator"])}: ${String(e["note"] ?? "")}` };
  return { at: String(e["at"]), kind: "event", summary: String(e["kind"] ?? "event") };
};

/** A runner's history, oldest first: signup, confirmation, each email, each check-in, each change of state. */
export const timelineOf = async (
  deps: Pick<AppDeps, "runners" | "runnerData">,
  id: string,
): Promise<{ runner: Runner; entries: TimelineEntry[] }> => {
  const runner = await deps.runners.getById(id);
  if (!runner) throw new RunnerNotFoundError("No runner has that id.");
  const records = await deps.runnerData.records(id);
  const profile = records?.profile ?? {};
  const entries = [
    ...stateEntries(profile),
    ...sendEntries(profile),
    ...(records?.checkins ?? []).map(checkinEntry),
    ...(records?.other ?? []).map(eventEntry).filter((e): e is TimelineEntry => e !== undefined),
  ];
  return { runner, entries: entries.sort((a, b) => a.at.localeCompare(b.at) || RANK.indexOf(a.kind) - RANK.indexOf(b.kind)) };
};
