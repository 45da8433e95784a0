import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
}

/** One programme week of the simulation: emails sent, extra copies of it, runners it should have reached and did not. */
export interface WeekTally {
  week: number;
  sent: number;
  duplicates: number;
  missed: number;
}

/**
 * Tallies what each runner got against what they should have got, week by week.
 * `expected`: runner → how many weeks they should have had by the end (weeks 1..n);
 * `got`: runner → the week numbers of every weekly email they received, repeats included.
 * @example tallyWeeks(new Map([["a", 2]]), new Map([["a", [1, 1]]]), 2)
 *   // [{ week: 1, sent: 2, duplicates: 1, missed: 0 }, { week: 2, sent: 0, duplicates: 0, missed: 1 }]
 */
export const tallyWeeks = (
  expected: ReadonlyMap<string, number>,
  got: ReadonlyMap<string, readonly number[]>,
  weeks: number,
): WeekTally[] => {
  const rows: WeekTally[] = Array.from({ length: weeks }, (_, i) => ({ week: i + 1, sent: 0, duplicates: 0, missed: 0 }));
  for (const [email, want] of expected) {
    const counts = new Map<number, number>();
    for (const w of got.get(email) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const row of rows) {
      const n = counts.get(row.week) ?? 0;
      row.sent += n;
      row.duplicates += Math.max(0, n - 1);
      if (row.week <= want && n === 0) row.missed++;
    }
  }
  return rows;
};

/** Every weekly email the local SES stored: the week numbers each runner got, and how many there were. */
export const weeklyEmails = async (sesEndpoint: string): Promise<{ got: Map<string, number[]>; weekly: number }> => {
  const res = await fetch(`${sesEndpoint}/store`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  const got = new Map<string, number[]>();
  for (const e of emails) {
    const week = /^Week (\d+) of/.exec(e.subject)?.[1];
    if (!week) continue;
    const to = e.destination.to[0]?.toLowerCase() ?? "";
    got.set(to, [...(got.get(to) ?? []), Number(week)]);
  }
  return { got, weekly: emails.filter((e) => /^Week \d+ of/.test(e.subject)).length };
};

/** A row for every simulated programme week, and for any later week that went out anyway. */
export const tallyRun = (expected: ReadonlyMap<string, number>, got: ReadonlyMap<string, readonly number[]>, weeks: number) => {
  const latest = Math.max(0, ...[...got.values()].flat().filter((w) => w <= PROGRAMME_WEEKS));
  const perWeek = tallyWeeks(expected, got, Math.max(Math.min(weeks, PROGRAMME_WEEKS), latest));
  return {
    perWeek,
    duplicates: perWeek.reduce((n, row) => n + row.duplicates, 0),
    missed: perWeek.reduce((n, row) => n + row.missed, 0),
  };
};
