import { describe, expect, it } from "vitest";
import type { CheckinSummary } from "../../../functions/domain/adapt.js";
import { composeRecoveryWeek, trendBars } from "../../../functions/domain/render/adapted.js";
import type { Block, PlanRow } from "../../../functions/domain/render/blocks.js";
import { richText } from "../../../functions/domain/render/blocks.js";
import { escapeHtml, PROGRAMME_WEEKS, renderRecoveryWeek, renderWeek } from "../../../functions/domain/render/index.js";
import { composeWeek } from "../../../functions/domain/render/week.js";
import type { Section } from "../../../functions/domain/curriculum/index.js";
import { CHECKIN_LINKS, FOOTER, profile, profileMatrix } from "./fixtures.js";
import { ck } from "../../support/checkins.js";

const flat = (text: string): string => text.replace(/\s+/g, " ");
const LEFTOVERS = ["undefined", "NaN", "[object Object]", "{{", "}}", "null"];

/** The brief's reference: a regular metric runner with 4 runs a week (3 easy, 1 hard), training for a 10k. */
const REGULAR = profile({ name: "Sam", level: "regular", units: "metric", runsPerWeek: 4, goal: "10k" });

const blocksOf = (sections: readonly Section[]): Block[] => sections.flatMap((s) => [...s.blocks]);
const planRows = (sections: readonly Section[]): PlanRow[] => {
  const plan = blocksOf(sections).find((b): b is Extract<Block, { kind: "plan" }> => b.kind === "plan");
  if (!plan) throw new Error("no plan block");
  return [...plan.rows];
};
/** The day-by-day table's rows: "Tue Easy run · 45 min". */
const dayRows = (sections: readonly Section[]): string[] => {
  const days = blocksOf(sections).find((b): b is Extract<Block, { kind: "days" }> => b.kind === "days");
  if (!days) throw new Error("no days block");
  return days.rows.map((r) => `${r.day} ${r.what}${r.detail ? ` ${r.detail}` : ""}`);
};
const rowText = (rows: readonly PlanRow[], label: string): string => richText(rows.find((r) => r.label === label)?.detail ?? "");
/** The "Your plan for this week" part of the text: goal framing and plan rows. */
const planText = (text: string): string => text.slice(text.indexOf("Your plan for this week"), text.indexOf("When it's not just DOMS"));

describe("an adapted weekly email after calves 7/10", () => {
  const checkins = [ck(4, 1, 3), ck(11, 2, 7)];
  const input = { profile: REGULAR, week: 3, footer: FOOTER, checkinLinks: CHECKIN_LINKS, checkins };
  const email = renderWeek(input);
  const { sections } = composeWeek(input);

  it("leads with what it heard and what changed, before the lesson", () => {
    // Assess
    const text = flat(email.text);
    expect(text).toContain("Last week you said calves 7/10, so this week is about recovery.");
    expect(text.indexOf("Last week you said")).toBeLessThan(text.indexOf("Skipping the warm-up"));
    expect(text).toContain("Every run is easy: no intervals, hills or tempo runs this week.");
    expect(text).toContain("One of your 4 runs becomes cross-training");
    expect(text).toContain("Sleep 7 to 9 hours a night");
  });

  it("has no hard session and exactly one cross-training session in the plan", () => {
    // Prepare
    const days = dayRows(sections);
    // Assess
    expect(days.filter((d) => / (Easy|Long) run · /.test(d))).toHaveLength(3);
    expect(days.filter((d) => d.includes("Hard session"))).toEqual([]);
    expect(days.filter((d) => d.includes("Cross-training"))).toHaveLength(1);
    expect(days.find((d) => d.includes("Cross-training"))).toContain(
      "Cross-training · 30 min In place of a run: easy cycling, swimming, pool running, walking or the elliptical, at a conversational effort.",
    );
    expect(planText(email.text)).not.toMatch(/\b\d+ hard\b|save your speed/i);
    expect(flat(planText(email.text))).toContain("This week every run is easy while your legs recover.");
    expect(flat(email.text)).toMatch(/About \d+ % less running than planned/);
  });

  it("adds sleep and foam rolling for the sore muscles, never over bone or joint", () => {
    expect(rowText(planRows(sections), "Recovery")).toBe(
      "Sleep 7 to 9 hours a night. Foam roll your calves slowly, about 60 seconds on each. Never roll over a bone, a joint or a fresh injury.",
    );
  });

  it("shows the soreness trend as table cells in the HTML, with no image", () => {
    expect(email.html).toContain("Your soreness, last 2 check-ins");
    expect(email.html).toMatch(/<td[^>]*>4 Mar<\/td>.*?width="30%".*?>3\/10<\/td>/);
    expect(email.html).toMatch(/<td[^>]*>11 Mar<\/td>.*?width="70%".*?>7\/10<\/td>/);
    expect(/<img\b/i.test(email.html)).toBe(false);
  });

  it("shows the same trend readably in the text part", () => {
    expect(email.text).toContain("Your soreness, last 2 check-ins\n4 Mar   ###.......  3/10\n11 Mar  #######...  7/10");
  });

  it("is deterministic, whatever order the check-ins come in", () => {
    expect(renderWeek({ ...input, checkins: [...checkins].reverse() })).toEqual(email);
  });
});

describe("adapted weeks by band", () => {
  it("4-6 keeps the hard session and adds care for the sore areas, with the shin check instead of 'that's normal'", () => {
    // Act
    const { sections } = composeWeek({ profile: REGULAR, week: 3, footer: FOOTER, checkins: [ck(11, 2, 4, ["calves", "shins"])] });
    const rows = planRows(sections);
    const text = flat(
      blocksOf(sections)
        .map((b) => JSON.stringify(b))
        .join(" "),
    );
    // Assess
    expect(dayRows(sections).filter((d) => d.includes("Hard session"))).toHaveLength(1);
    expect(dayRows(sections).some((d) => d.includes("Cross-training"))).toBe(false);
    expect(rowText(rows, "Extra care")).toBe(
      "For your calves and shins: after each run, a gentle static stretch for your calves, 30 seconds. Foam roll your calves slowly, about 60 seconds on each. Keep the roller off your shins. Never roll over a bone, a joint or a fresh injury. Strength: straight-knee calf raises and tibialis raises, 3 sets of 12, twice this week, as long as they don't hurt.",
    );
    expect(text).toContain("Last week you said calves and shins 4/10, so your plan stays as it is");
    expect(text).not.toContain("is normal");
    expect(text).toContain("pain when you hop on that leg, is a stress-fracture warning");
  });

  it("a joint or bone area at 5 or more keeps the hard run out, and rolling stays off it", () => {
    const { sections } = composeWeek({ profile: REGULAR, week: 3, footer: FOOTER, checkins: [ck(11, 2, 6, ["knees"])] });
    const text = flat(
      blocksOf(sections)
        .map((b) => JSON.stringify(b))
        .join(" "),
    );
    expect(dayRows(sections).filter((d) => d.includes("Hard session"))).toEqual([]);
    expect(text).toContain("minus the hard running");
    expect(text).toContain("a knee that locks or catches");
    expect(rowText(planRows(sections), "Extra care")).toContain("No foam rolling on your knees");
    expect(text).not.toMatch(/Foam roll any sore spot/);
  });

  it("0-3 progresses as planned, with a short encouraging line and the standard plan", () => {
    // Prepare
    const plain = composeWeek({ profile: REGULAR, week: 3, footer: FOOTER });
    // Act
    const adapted = composeWeek({ profile: REGULAR, week: 3, footer: FOOTER, checkins: [ck(11, 2, 2)] });
    // Assess
    expect(planRows(adapted.sections)).toEqual(planRows(plain.sections));
    expect(flat(renderWeek({ profile: REGULAR, week: 3, footer: FOOTER, checkins: [ck(11, 2, 2)] }).text)).toContain(
      "Last week you said calves 2/10, so you're on track and this week carries on as planned. Nice work.",
    );
  });

  it.each([0, 2, 3, 5, 8, null])("a check-in with red flags never gets the progress copy (score %s)", (soreness) => {
    // Act
    const { text } = renderWeek({
      profile: REGULAR,
      week: 4,
      footer: FOOTER,
      checkins: [ck(11, 3, soreness, ["shins"], ["sharp_pain", "swelling"])],
    });
    // Assess
    expect(text).not.toMatch(/on track|as planned|Nice work/);
    expect(flat(text)).toContain("please don't run on it until a physio or sports doctor has checked it");
    expect(flat(text)).toContain("sharp or stabbing pain and swelling");
    expect(flat(text)).toContain("No foam rolling or massage on the painful spot");
    expect(planText(text)).not.toMatch(/\b\d+ hard\b/);
  });

  it("still leads with 'get it checked' for a red-flag code it has no words for", () => {
    const { text } = renderWeek({ profile: REGULAR, week: 4, footer: FOOTER, checkins: [ck(11, 3, null, [], ["new_code"])] });
    expect(flat(text)).toContain("Last week you mentioned pain that needs checking. That's more than ordinary soreness");
    expect(text).not.toContain("new_code");
  });

  it("steers the strength picks to the sore areas of the check-in (week 5)", () => {
    // Act
    const { sections } = composeWeek({ profile: REGULAR, week: 5, footer: FOOTER, checkins: [ck(11, 4, 5, ["shins"])] });
    const high = composeWeek({ profile: REGULAR, week: 5, footer: FOOTER, checkins: [ck(11, 4, 7, ["shins"])] });
    // Assess: at 5 the shins' moves come first; at 7 no move loads the shins at all
    expect(dayRows(high.sections).join(" ")).not.toMatch(/Tibialis|Heel walks/);
    expect(dayRows(sections).find((d) => d.includes("Strength"))).toMatch(
      /Strength · \d+ min Tibialis raises 3 × 10, Heel walks 3 × 20 steps, /,
    );
  });

  it("steers the stretches to the sore areas of the check-in (week 4)", () => {
    const { sections } = composeWeek({ profile: REGULAR, week: 4, footer: FOOTER, checkins: [ck(11, 3, 5, ["hamstrings"])] });
    expect(rowText(planRows(sections), "After each run")).toContain("30 seconds each for your hamstrings, calves, quads and hip flexors");
  });

  it("week 2 explains that the usual split is easy-only this week", () => {
    const { text } = renderWeek({ profile: REGULAR, week: 2, footer: FOOTER, checkins: [ck(4, 1, 8)] });
    expect(flat(text)).toContain(
      "With 4 runs a week, that's normally 3 easy and 1 hard. This week, while your legs recover, every run is easy.",
    );
  });

  it("keeps the counts sensible at 0 and 1 runs a week", () => {
    // Act
    const none = composeWeek({ profile: profile({ runsPerWeek: 0 }), week: 3, footer: FOOTER, checkins: [ck(11, 2, 8)] });
    const one = composeWeek({ profile: profile({ runsPerWeek: 1 }), week: 3, footer: FOOTER, checkins: [ck(11, 2, 8)] });
    // Assess
    expect(planRows(none.sections).map((r) => r.label)[0]).toBe("Recovery");
    expect(dayRows(none.sections).filter((d) => d.includes("Cross-training"))).toHaveLength(3);
    expect(dayRows(one.sections).filter((d) => /(Easy run|Long run|Run\/walk|Hard session) · /.test(d))).toEqual([]);
    expect(dayRows(one.sections).find((d) => d.includes("Cross-training"))).toMatch(/Cross-training · 20 min In place of a run/);
  });
});

describe("when there is nothing to adapt to", () => {
  it("renders byte-identical emails for no check-ins, an empty list, score-less replies and a stale check-in", () => {
    for (const p of profileMatrix().filter((_, i) => i % 5 === 0))
      for (let week = 1; week <= PROGRAMME_WEEKS; week += 1) {
        // Prepare
        const base = { profile: p, week, footer: FOOTER, checkinLinks: CHECKIN_LINKS };
        const plain = renderWeek(base);
        // Act / Assess
        expect(renderWeek({ ...base, checkins: [] })).toEqual(plain);
        expect(renderWeek({ ...base, checkins: [ck(10, week - 1, null, ["calves"])] })).toEqual(plain);
        expect(renderWeek({ ...base, checkins: [ck(3, week - 2, 9)] })).toEqual(plain);
      }
  });
});

describe("the soreness trend", () => {
  it("shows at most the last 6 scored check-ins, oldest first, corrections collapsed", () => {
    // Prepare
    const checkins = [1, 2, 3, 4, 5, 6, 7, 8].map((week) => ck(week * 3, week, week)).concat([ck(25, 8, 2)]);
    // Act
    const bars = trendBars(checkins, "Europe/London");
    // Assess
    expect(bars.map((b) => b.score)).toEqual([3, 4, 5, 6, 7, 2]);
    expect(bars.map((b) => b.label)).toEqual(["9 Mar", "12 Mar", "15 Mar", "18 Mar", "21 Mar", "25 Mar"]);
  });

  it("labels each bar with the date in the runner's own zone", () => {
    const late = { ...ck(10, 2, 4), at: "2025-03-10T23:30:00Z" };
    expect(trendBars([late], "Pacific/Auckland")[0]?.label).toBe("11 Mar");
    expect(trendBars([late], "America/New_York")[0]?.label).toBe("10 Mar");
  });

  it("is left out with a single score, since one point is no trend", () => {
    const { html, text } = renderWeek({ profile: REGULAR, week: 3, footer: FOOTER, checkins: [ck(11, 2, 7)] });
    expect(html.includes("Your soreness, last")).toBe(false);
    expect(text.includes("Your soreness, last")).toBe(false);
  });
});

describe("the recovery-week email", () => {
  const checkins = [ck(4, 2, 7), ck(11, 3, 8, ["calves", "quads"])];
  const input = { profile: REGULAR, week: 4, footer: FOOTER, checkinLinks: CHECKIN_LINKS, checkins };
  const email = renderRecoveryWeek(input);

  it("has a recovery subject, not a lesson subject", () => {
    expect(email.subject).toBe("Recovery week: let your legs catch up");
    expect(email.subject).not.toMatch(/^Week \d+ of/);
    expect(email.text).toContain("Legwork \u00b7 Recovery week");
  });

  it("says what it heard and that the held lesson follows next week", () => {
    const text = flat(email.text);
    expect(text).toContain("Your last two check-ins were calves 7/10, then calves and quads 8/10.");
    expect(text).toContain("week 4 (\u201cWarm-downs and stretching\u201d), until next week");
  });

  it("plans easy-only running minus one run swapped for cross-training, sleep and foam rolling, and asks about 3 days", () => {
    // Prepare
    const { sections } = composeRecoveryWeek(input);
    const rows = planRows(sections);
    const days = dayRows(sections);
    // Assess
    expect(rows.map((r) => r.label)).toEqual(["Sleep", "Foam roller"]);
    expect(days.filter((d) => d.includes("Hard session"))).toEqual([]);
    expect(days.filter((d) => d.includes("Cross-training"))).toHaveLength(1);
    expect(rowText(rows, "Sleep")).toContain("7 to 9 hours");
    expect(rowText(rows, "Foam roller")).toBe(
      "Your calves and quads, slowly, about 60 seconds on each. Never over a bone, a joint or a fresh injury.",
    );
    expect(planText(email.text)).not.toMatch(/\b\d+ hard\b/);
    expect(flat(email.text)).toContain("reply with \u201cit has lasted more than 3 days\u201d");
  });

  it("has the check-in prompt, score links, trend chart and list footer of a weekly email", () => {
    expect(email.text).toContain("Reply with your worst morning-after score");
    for (const link of CHECKIN_LINKS) expect(email.text).toContain(`${link.label}: ${link.url}`);
    expect(email.text).toContain("Your soreness, last 2 check-ins");
    expect(email.text).toContain(`Unsubscribe: ${FOOTER.unsubscribeUrl}`);
    expect(email.text).toContain(FOOTER.preferencesUrl);
    expect(email.text).toContain(FOOTER.postalAddress);
    expect(email.text).toContain("When it's not just DOMS");
  });

  it("renders completely for every profile in the matrix and every held week", () => {
    for (const p of profileMatrix())
      for (let week = 2; week <= PROGRAMME_WEEKS; week += 1) {
        const { html, text } = renderRecoveryWeek({ profile: p, week, footer: FOOTER, checkins });
        for (const bad of LEFTOVERS) {
          expect(html.includes(bad), `${p.level}/${p.runsPerWeek} week ${week}: html has ${bad}`).toBe(false);
          expect(text.includes(bad), `${p.level}/${p.runsPerWeek} week ${week}: text has ${bad}`).toBe(false);
        }
      }
  });

  it("rejects a held week outside 1..10", () => {
    for (const week of [0, 11, 2.5]) expect(() => renderRecoveryWeek({ ...input, week })).toThrow(RangeError);
  });

  it("is deterministic", () => {
    expect(renderRecoveryWeek(input)).toEqual(email);
  });
});

describe("adapted emails across the profile matrix", () => {
  const cases: [string, CheckinSummary[]][] = [
    ["high", [ck(4, 0, 3), ck(11, 0, 9, ["calves", "lower-back"])]],
    ["care", [ck(11, 0, 5, ["knees"])]],
    ["low", [ck(11, 0, 1, [])]],
    ["red flags", [ck(11, 0, null, ["ankles"], ["cant_bear_weight", "numbness"])]],
  ];

  for (const [name, template] of cases)
    it(`renders complete ${name} weeks with no leftovers and no hard session when easy only`, () => {
      for (const p of profileMatrix())
        for (let week = 2; week <= PROGRAMME_WEEKS; week += 1) {
          // Prepare
          const checkins = template.map((c, i) => ({ ...c, week: week - template.length + i }));
          // Act
          const { html, text } = renderWeek({ profile: p, week, footer: FOOTER, checkinLinks: CHECKIN_LINKS, checkins });
          const where = `${name} week ${week} ${p.level}/${p.runsPerWeek}/${p.goal}`;
          // Assess
          expect(flat(text), where).toContain("Last week you");
          for (const bad of LEFTOVERS) expect(html.includes(bad) || text.includes(bad), `${where}: ${bad}`).toBe(false);
          if (name === "high" || name === "red flags") expect(planText(text), where).not.toMatch(/\b\d+ hard\b|save your speed/i);
        }
    });
});

describe("escaping in adapted emails", () => {
  it("escapes a hostile name in the adapted week and the recovery email", () => {
    // Prepare
    const name = `<img src=x onerror="alert(1)">`;
    const p = profile({ name, level: "regular", runsPerWeek: 4 });
    const checkins = [ck(4, 2, 8), ck(11, 3, 9)];
    // Act
    const emails = [
      renderWeek({ profile: p, week: 4, footer: FOOTER, checkins }),
      renderRecoveryWeek({ profile: p, week: 4, footer: FOOTER, checkins }),
    ];
    // Assess
    for (const { html, text } of emails) {
      expect(html.includes(name)).toBe(false);
      expect(html).toContain(`Hi ${escapeHtml(name)},`);
      expect(/<img\b/i.test(html)).toBe(false);
      expect(text).toContain(`Hi ${name},`);
    }
  });
});
