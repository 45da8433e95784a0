/** Shared profiles, links and matrices for the renderer tests. */
import type { Goal, Level, Profile, Units } from "../../../functions/domain/profile.js";
import { GOALS, LEVELS, SORE_AREAS, UNITS } from "../../../functions/domain/profile.js";
import type { CheckinLink, Footer } from "../../../functions/domain/render/index.js";

export const FOOTER: Footer = {
  unsubscribeUrl: "https://legwork.example.org/unsubscribe?token=v1.unsub.abc&kid=1",
  preferencesUrl: "https://legwork.example.org/preferences?token=v1.prefs.def&kid=1",
  postalAddress: "Legwork Running Club, 12 Mill Lane, Leeds LS1 4AB, UK",
};

export const CHECKIN_LINKS: CheckinLink[] = [
  { label: "0–2", url: "https://legwork.example.org/checkin?token=t&score=1" },
  { label: "3–5", url: "https://legwork.example.org/checkin?token=t&score=4" },
  { label: "6–8", url: "https://legwork.example.org/checkin?token=t&score=7" },
  { label: "9–10", url: "https://legwork.example.org/checkin?token=t&score=10" },
];

export const profile = (overrides: Partial<Profile> = {}): Profile => ({
  email: "sam@example.com",
  name: "Sam",
  level: "new",
  goal: "general",
  runsPerWeek: 3,
  units: "metric",
  timezone: "Europe/London",
  sendDay: "mon",
  sendHour: 7,
  soreAreas: [],
  ...overrides,
});

/** The brief's two reference runners. */
export const NEW_IMPERIAL_5K = profile({ name: "Sam", level: "new", units: "imperial", runsPerWeek: 3, goal: "5k", soreAreas: ["shins"] });
export const EXPERIENCED_METRIC_MARATHON = profile({
  name: "Ada",
  level: "experienced",
  units: "metric",
  runsPerWeek: 6,
  goal: "marathon",
  soreAreas: [],
});

/** Each level × each unit system × (nothing sore, everything sore) × a few run counts and goals. */
export const profileMatrix = (): Profile[] => {
  const out: Profile[] = [];
  const runsAndGoals: [number, Goal][] = [
    [0, "general"],
    [2, "5k"],
    [3, "10k"],
    [5, "half"],
    [7, "marathon"],
    [14, "ultra"],
  ];
  for (const level of LEVELS as readonly Level[])
    for (const units of UNITS as readonly Units[])
      for (const soreAreas of [[], [...SORE_AREAS]])
        for (const [runsPerWeek, goal] of runsAndGoals) out.push(profile({ level, units, soreAreas, runsPerWeek, goal }));
  return out;
};

export const ALL_GOALS = GOALS;
