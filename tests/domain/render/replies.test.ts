import { describe, expect, it } from "vitest";
import { escapeHtml, renderAck, renderCommandReply, renderTriage } from "../../../functions/domain/render/index.js";
import { MAX_QUOTE_CHARS } from "../../../functions/domain/render/replies.js";
import { FOOTER, profile } from "./fixtures.js";

const flat = (text: string): string => text.replace(/\s+/g, " ");
const LEFTOVERS = ["undefined", "NaN", "[object Object]", "{{", "}}", "null"];
const SAM = profile({ name: "Sam" });

/** Every email part a reply needs: the footer's postal address and links, no template leftovers. */
const expectComplete = (email: { html: string; text: string }): void => {
  expect(email.text).toContain(FOOTER.postalAddress);
  expect(email.html).toContain(escapeHtml(FOOTER.postalAddress));
  for (const bad of LEFTOVERS) {
    expect(email.html.includes(bad), `html has ${bad}`).toBe(false);
    expect(email.text.includes(bad), `text has ${bad}`).toBe(false);
  }
  expect(/^<!doctype html><html lang="en"/.test(email.html)).toBe(true);
  expect(/<img\b|<script\b/i.test(email.html)).toBe(false);
};

describe("renderAck", () => {
  it.each([
    [6, ["calves"], "Got it: 6/10, calves"],
    [6, ["shins", "calves"], "Got it: 6/10, calves and shins"],
    [0, [], "Got it: 0/10"],
    [10, ["lower-back"], "Got it: 10/10, lower back"],
  ] as const)("says what it understood in the subject: %s %j → %s", (soreness, areas, subject) => {
    expect(renderAck({ profile: SAM, soreness, areas: [...areas], footer: FOOTER }).subject).toBe(subject);
  });

  it("repeats what it understood, how to correct it, and links the preferences", () => {
    // Act
    const email = renderAck({ profile: SAM, soreness: 6, areas: ["calves"], note: "calves about a 6 today", footer: FOOTER });
    const text = flat(email.text);
    // Assess
    expect(email.text).toContain("Got it: 6/10, calves\n====");
    expect(text).toContain("We understood 6/10 for your calves.");
    expect(text).toContain("You wrote: \u201ccalves about a 6 today\u201d");
    expect(text).toContain("Not right? Just reply again with the right number and where it hurts. The latest check-in counts.");
    expect(text).toContain(`Change your preferences (${FOOTER.preferencesUrl})`);
    expect(email.text).toContain(`Unsubscribe: ${FOOTER.unsubscribeUrl}`);
    expectComplete(email);
  });

  it.each([
    [8, "your next email leads with recovery"],
    [7, "your next email leads with recovery"],
    [5, "Your next email keeps your plan and adds some care for your calves."],
    [4, "Your next email keeps your plan and adds some care for your calves."],
    [3, "Your next email carries on as planned."],
  ])("tells a %i what the next email does with it", (soreness, expected) => {
    expect(flat(renderAck({ profile: SAM, soreness, areas: ["calves"], footer: FOOTER }).text)).toContain(expected);
  });

  it("reminds a high score when to stop and see a physio, and spares a low score the warning", () => {
    expect(flat(renderAck({ profile: SAM, soreness: 9, areas: [], footer: FOOTER }).text)).toContain(
      "stop running and see a physio or sports doctor",
    );
    expect(renderAck({ profile: SAM, soreness: 2, areas: [], footer: FOOTER }).text).not.toContain("physio");
  });

  it("asks kindly for a number and where it hurts when no score was found", () => {
    // Act
    const email = renderAck({ profile: SAM, soreness: null, areas: ["calves"], note: "legs a bit tired", footer: FOOTER });
    const text = flat(email.text);
    // Assess
    expect(email.subject).toBe("We couldn't find a score in your reply");
    expect(text).toContain("We couldn't find a number in it, though we did see your calves, so your plan hasn't changed.");
    expect(text).toContain("Could you reply with a number from 0 to 10 and where it hurts");
    expect(text).not.toContain("Got it");
    expectComplete(email);
  });

  it("escapes a hostile note and name in the HTML and keeps them plain, on one line, in the text", () => {
    // Prepare
    const note = `<script>alert("x")</script>\r\nBcc: evil@example.com & <b>bold</b>`;
    const name = `"><img src=x onerror=alert(1)>`;
    // Act
    const email = renderAck({ profile: profile({ name }), soreness: 5, areas: ["quads"], note, footer: FOOTER });
    // Assess
    expect(email.html.includes("<script")).toBe(false);
    expect(email.html.includes("<b>bold")).toBe(false);
    expect(/<img\b/i.test(email.html)).toBe(false);
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bcc: evil@example.com &amp; &lt;b&gt;bold&lt;/b&gt;");
    expect(email.html).toContain(`Hi ${escapeHtml(name)},`);
    expect(flat(email.text)).toContain(`You wrote: \u201c<script>alert("x")</script> Bcc: evil@example.com & <b>bold</b>\u201d`);
    expect(email.text.includes("\r")).toBe(false);
  });

  it("shortens a long note at a word, with an ellipsis", () => {
    // Act
    const { text } = renderAck({ profile: SAM, soreness: 3, areas: [], note: "sore ".repeat(100), footer: FOOTER });
    const quote = /You wrote: \u201c([^\u201d]*)\u201d/.exec(flat(text))?.[1] ?? "";
    // Assess
    expect(quote.endsWith("sore\u2026")).toBe(true);
    expect(quote.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS + 1);
  });

  it("leaves the quote out when there is no note", () => {
    expect(renderAck({ profile: SAM, soreness: 3, areas: [], note: "  ", footer: FOOTER }).text).not.toContain("You wrote");
  });

  it("is deterministic", () => {
    const input = { profile: SAM, soreness: 6, areas: ["calves" as const], note: "calves 6", footer: FOOTER };
    expect(renderAck(input)).toEqual(renderAck(input));
  });
});

describe("renderTriage", () => {
  const email = renderTriage({ profile: SAM, redFlags: ["sharp_pain", "swelling"], areas: ["shins"], resumeHint: "", footer: FOOTER });
  const text = flat(email.text);

  it("has a calm, specific subject", () => {
    expect(email.subject).toBe("About the pain you described: please get it checked");
  });

  it("says when to go to urgent care the same day, not just to a physio", () => {
    expect(text).toContain("Go to urgent care today if");
    expect(text).toContain("- you can't put any weight on the leg at all");
    expect(text).toContain("- your calf is hot, swollen and tender (it could be a clot)");
    expect(text).toContain("- numbness or tingling that doesn't pass");
  });

  it("says to stop running on it and see a physio or sports doctor", () => {
    expect(text).toContain("Stop running on it for now.");
    expect(text).toContain("See a physio or sports doctor and have it checked.");
  });

  it("lists what to tell them, with the warning signs heard in plain words", () => {
    // One sign per line: they never run together (issue 14).
    expect(text).toContain("You told us about these in your shins: - sharp or stabbing pain - swelling Go to urgent care");
    expect(text).toContain("Where it hurts: your shins, and whether it's one spot or a wider area.");
    expect(text).toContain("When it started, and what you were doing at the time.");
    expect(text).toContain("What makes it better or worse");
    expect(text).toContain("The warning signs you noticed: sharp or stabbing pain and swelling.");
  });

  it("does not diagnose", () => {
    expect(text).toContain("We can't tell what it is from an email, and we won't guess.");
    expect(text).not.toMatch(/shin splints|stress fracture|tendinitis|runner's knee|you have an?\b|sounds like a/i);
  });

  it("says the weekly emails are paused and how to resume", () => {
    expect(text).toContain("We've paused your coaching emails");
    expect(text).toContain(`reply RESUME to this email, or use your preferences page (${FOOTER.preferencesUrl})`);
    expectComplete(email);
  });

  it("stays calm: no exclamation marks, no shouting beyond the RESUME keyword", () => {
    const body = email.text.replace(/https?:\/\/\S+/g, "");
    expect(body.includes("!")).toBe(false);
    expect((body.match(/\b[A-Z]{4,}\b/g) ?? []).filter((w) => w !== "RESUME" && w !== "DOMS")).toEqual([]);
  });

  it("leaves unknown codes out and falls back to kind general words", () => {
    const generic = flat(renderTriage({ profile: SAM, redFlags: ["made_up"], areas: [], resumeHint: "", footer: FOOTER }).text);
    expect(generic).toContain("You told us about pain that sounds like more than ordinary soreness.");
    expect(generic).toContain("Where exactly it hurts");
    expect(generic).not.toContain("made_up");
  });

  it.each([
    ["rest_pain", "pain at rest or at night"],
    ["cant_bear_weight", "limping or trouble putting weight on it"],
    ["numbness", "numbness or tingling"],
    ["bone_pain", "pain in one spot on a bone"],
    ["joint_pain", "pain inside a joint"],
    ["persistent", "pain that has lasted more than a few days"],
    ["worsening", "pain that is getting worse"],
    ["bruising", "bruising"],
  ])("names %s in plain words", (code, words) => {
    expect(flat(renderTriage({ profile: SAM, redFlags: [code], areas: [], resumeHint: "", footer: FOOTER }).text)).toContain(
      `The warning signs you noticed: ${words}.`,
    );
  });

  it("adds the caller's resume hint, escaped", () => {
    const hinted = renderTriage({
      profile: SAM,
      redFlags: ["swelling"],
      areas: [],
      resumeHint: "Your plan picks up at <week 4>.",
      footer: FOOTER,
    });
    expect(flat(hinted.text)).toContain("Your plan picks up at <week 4>.");
    expect(hinted.html).toContain("Your plan picks up at &lt;week 4&gt;.");
  });

  it("escapes a hostile name", () => {
    const name = "<script>alert(1)</script>";
    const hostile = renderTriage({ profile: profile({ name }), redFlags: ["swelling"], areas: [], resumeHint: "", footer: FOOTER });
    expect(hostile.html.toLowerCase().includes("<script")).toBe(false);
    expect(hostile.text).toContain(`Hi ${name},`);
  });
});

describe("renderCommandReply", () => {
  it("STOP confirms the unsubscribe with an undo link", () => {
    // Act
    const undoUrl = "https://legwork.example.org/undo?token=v1.u&kid=1";
    const email = renderCommandReply({ profile: SAM, command: "stop", undoUrl, footer: FOOTER });
    // Assess
    expect(email.subject).toBe("You're unsubscribed from Legwork");
    expect(flat(email.text)).toContain("Legwork won't send you any more weekly coaching emails.");
    expect(email.text).toContain(`Undo and keep my emails: ${undoUrl}`);
    expect(email.html).toContain(`href="${escapeHtml(undoUrl)}"`);
    expectComplete(email);
  });

  it("STOP without an undo link offers none", () => {
    expect(renderCommandReply({ profile: SAM, command: "stop", footer: FOOTER }).text).not.toContain("Undo");
  });

  it.each([
    ["Europe/London", "2025-04-14T06:00:00Z", "Monday 14 April"],
    ["America/New_York", "2025-04-14T03:00:00Z", "Sunday 13 April"],
    ["Pacific/Auckland", "2025-04-13T13:00:00Z", "Monday 14 April"],
  ])("PAUSE in %s until %s shows the local date %s", (timezone, pausedUntil, local) => {
    // Act
    const email = renderCommandReply({ profile: profile({ timezone }), command: "pause", pausedUntil, footer: FOOTER });
    // Assess
    expect(email.subject).toBe(`Your Legwork emails are paused until ${local}`);
    expect(flat(email.text)).toContain(`Your weekly emails are paused until ${local} (${timezone} time).`);
    expect(flat(email.text)).toContain("Reply RESUME");
    expectComplete(email);
  });

  it("PAUSE without an end date says it lasts until RESUME", () => {
    const email = renderCommandReply({ profile: SAM, command: "pause", footer: FOOTER });
    expect(email.subject).toBe("Your Legwork emails are paused");
    expect(flat(email.text)).toContain("paused until you reply RESUME");
  });

  it.each([
    // Clocks went forward in London on 30 March 2025: 06:00 UTC is 7 am local.
    ["Europe/London", "2025-03-31T06:00:00Z", "Monday 31 March at 7 am", "Monday"],
    ["Europe/London", "2025-03-28T07:30:00Z", "Friday 28 March at 7:30 am", "Friday"],
    ["Asia/Kolkata", "2025-03-04T01:30:00Z", "Tuesday 4 March at 7 am", "Tuesday"],
  ])("RESUME in %s at %s says %s", (timezone, nextSendAt, local, weekday) => {
    // Act
    const email = renderCommandReply({ profile: profile({ timezone }), command: "resume", nextSendAt, footer: FOOTER });
    // Assess
    expect(email.subject).toBe(`You're back on: your next email arrives ${weekday}`);
    expect(flat(email.text)).toContain(`The next one arrives on ${local} (${timezone} time).`);
    expectComplete(email);
  });

  it("rejects a time that is not an ISO instant", () => {
    expect(() => renderCommandReply({ profile: SAM, command: "pause", pausedUntil: "in two weeks", footer: FOOTER })).toThrow(RangeError);
    expect(() => renderCommandReply({ profile: SAM, command: "resume", nextSendAt: "soon", footer: FOOTER })).toThrow(RangeError);
  });

  it("escapes a hostile name in every command reply", () => {
    const name = `Ann & 'Bo' <b>`;
    for (const command of ["stop", "pause", "resume"] as const) {
      const email = renderCommandReply({
        profile: profile({ name }),
        command,
        pausedUntil: "2025-04-14T06:00:00Z",
        nextSendAt: "2025-04-14T06:00:00Z",
        footer: FOOTER,
      });
      expect(email.html.includes(name)).toBe(false);
      expect(email.html).toContain(`Hi ${escapeHtml(name)},`);
      expect(email.text).toContain(`Hi ${name},`);
    }
  });
});
