import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseReplyText } from "../../../functions/domain/reply/index.js";
import { readNote } from "../../../functions/domain/reply/note.js";

describe("parseReplyText: soreness", () => {
  it.each([
    // Plain scores, words and fractions.
    ["6", 6],
    ["6/10", 6],
    ["6 / 10", 6],
    ["6 out of 10", 6],
    ["six out of ten", 6],
    ["a 6", 6],
    ["about a six", 6],
    ["Soreness: 7", 7],
    ["I'd rate it a 6", 6],
    ["feeling 6 today", 6],
    ["zero", 0],
    ["0", 0],
    ["none", 0],
    ["None at all.", 0],
    ["not sore at all", 0],
    ["No soreness this week", 0],
    ["pain-free!", 0],
    ["10/10 agony", 10],
    ["6.5", 7],
    // Ranges read as the higher number; a change reads as where it ended.
    ["3 or 4", 4],
    ["3-4", 4],
    ["3 to 4", 4],
    ["3–4", 4],
    ["somewhere between 5 and 6", 6],
    ["3-4/10", 4],
    ["went from 6 to 4", 4],
    // Intensity words.
    ["mild", 3],
    ["Mild soreness in the quads", 3],
    ["moderate soreness", 5],
    ["severe pain in my knee", 8],
    ["a bit sore", 3],
    ["slightly stiff calves", 2],
    ["very sore", 7],
    ["quite achy legs", 5],
    ["not too bad", 2],
    ["quads in agony", 9],
    ["my calves are killing me", 8],
    // Several candidates: soreness context beats a bare number; the highest of the best tier wins.
    ["calves 6, quads 3", 6],
    ["a bit sore, maybe 4", 4],
    ["very sore, about a 5", 5],
    ["2 kids and very sore legs", 7],
    ["Was a 7 yesterday, now about a 4", 4],
    ["Last week was an 8. Today a bit sore.", 3],
    ["It was a 6 after the long run", 6],
  ] as const)("%j reads %j", (text, soreness) => {
    expect(parseReplyText(text).soreness).toBe(soreness);
  });

  it.each([
    ["Ran 10k", "distance"],
    ["ran 5 km and 3 miles", "distances"],
    ["20 min easy", "duration"],
    ["5:30/km pace", "pace"],
    ["Week 3 done", "programme week"],
    ["Week 3 of 10 done", "programme week with total"],
    ["How sore from 0 to 10?", "the scale itself"],
    ["on a scale of 1-10", "the scale itself"],
    ["0-10", "the scale itself"],
    ["Mon 3 March", "date"],
    ["3rd March", "date"],
    ["03/03/2025", "date"],
    ["up at 7:00", "clock time"],
    ["ran at 7.30", "clock time"],
    ["out at 6 this morning", "clock time"],
    ["07700 900123", "phone number"],
    ["Call me on +44 (0) 7700 900123", "phone number"],
    ["80% easy", "percentage"],
    ["5% incline", "percentage"],
    ["2-3 sets of 8-15 reps", "sets and reps"],
    ["5-10 minutes warm-up", "duration range"],
    ["3 x 400m", "intervals"],
    ["I have 2 kids", "a count"],
    ["Zone 2 run, RPE 6", "effort scales"],
    ["size 9 shoes", "shoe size"],
    ["no one noticed", "pronoun one"],
    ["this one is a one-off", "pronoun one"],
    ["12", "over 10"],
    ["sore for 4 days", "a duration"],
    ["took 2 rest days", "a count of days"],
    ["legs feel ok", "no score given"],
    ["sore calves", "sore without a degree"],
    ["at a moderate pace", "intensity word about pace"],
  ] as const)("%j gives no score (%s)", (text, _reason) => {
    expect(parseReplyText(text).soreness).toBeNull();
  });

  it("ignores a signature's contact lines", () => {
    expect(parseReplyText("Legs ok.\n\nCheers\nChris\nM: 07700 900321\nT: 0 1632 960 001\n5 Example Street").soreness).toBeNull();
  });
});

describe("parseReplyText: areas", () => {
  it.each([
    ["calves about a 6", ["calves"]],
    ["my calf is tight", ["calves"]],
    ["Achilles a bit sore", ["calves"]],
    ["shin splints again", ["shins"]],
    ["front of my thighs", ["quads"]],
    ["quads and hamstrings", ["quads", "hamstrings"]],
    ["back of my thigh is sore", ["hamstrings"]],
    ["bum and backside", ["glutes"]],
    ["glutes are sore", ["glutes"]],
    ["hip flexors tight", ["hips"]],
    ["IT band is tight", ["hips"]],
    ["knee and kneecap", ["knees"]],
    ["ankles", ["ankles"]],
    ["heel and arch", ["feet"]],
    ["plantar fasciitis flaring up", ["feet"]],
    ["toes tingle", ["feet"]],
    ["lower back stiff", ["lower-back"]],
    ["my back is sore", ["lower-back"]],
    ["back pain", ["lower-back"]],
    ["Knee's a bit achy", ["knees"]],
    // Output follows SORE_AREAS order, de-duplicated.
    ["lower back, feet, calves and calves again", ["calves", "feet", "lower-back"]],
  ] as const)("%j reads %j", (text, areas) => {
    expect(parseReplyText(text).areas).toEqual(areas);
  });

  it.each([
    ["calves are fine", []],
    ["no knee pain", []],
    ["no pain in my knees", []],
    ["calves and quads are fine, hamstrings a 4", ["hamstrings"]],
    ["calves fine, knees sore", ["knees"]],
    ["knees don't hurt at all", []],
    ["calves: 0", []],
    ["no calf or knee pain", []],
    ["not my knees this time, just the calves", ["calves"]],
    ["no idea why my knee hurts", ["knees"]],
    ["Moderate soreness in both calves, nothing major.", ["calves"]],
  ] as const)("negation: %j reads %j", (text, areas) => {
    expect(parseReplyText(text).areas).toEqual(areas);
  });

  it.each([
    ["did calf raises and glute bridges", "exercise names"],
    ["high knees and butt kicks in the warm-up", "drills"],
    ["came back sore", "'back' as an adverb"],
    ["back to running next week", "'back' as an adverb"],
    ["I'm back!", "'back' as an adverb"],
    ["heel walks and toe taps", "drills"],
  ] as const)("%j names no area (%s)", (text, _reason) => {
    expect(parseReplyText(text).areas).toEqual([]);
  });
});

describe("parseReplyText: red flags", () => {
  it.each([
    ["sharp pain in my shin", ["sharp_pain"]],
    ["a stabbing pain behind the knee", ["sharp_pain"]],
    ["shooting pains down my hamstring", ["sharp_pain"]],
    ["my ankle is swollen", ["swelling"]],
    ["some swelling around the Achilles", ["swelling"]],
    ["foot looks puffy", ["swelling"]],
    ["a bruise on my shin", ["bruising"]],
    ["knee is warm to the touch", ["bruising"]],
    ["my knee feels hot", ["bruising"]],
    ["pain at rest", ["rest_pain"]],
    ["knee hurts at night", ["rest_pain"]],
    ["the pain wakes me up", ["rest_pain"]],
    ["it aches even when I'm resting", ["rest_pain"]],
    ["sore for 4 days now", ["persistent"]],
    ["it has lasted more than 3 days", ["persistent"]],
    ["my knee has hurt for a week", ["persistent"]],
    ["calf pain won't go away", ["persistent"]],
    ["shins sore since last Tuesday", ["persistent"]],
    ["Getting worse.", ["worsening"]],
    ["getting worse", ["worsening"]],
    ["it gets worse every day", ["worsening"]],
    ["shin is worse than last week", ["worsening"]],
    ["I'm limping", ["cant_bear_weight"]],
    ["I can't put any weight on it", ["cant_bear_weight"]],
    ["can barely walk", ["cant_bear_weight"]],
    ["my foot went numb", ["numbness"]],
    ["tingling in my toes", ["numbness"]],
    ["pins and needles down my leg", ["numbness"]],
    ["pain in one spot on the bone", ["bone_pain"]],
    ["tender spot on my shin bone", ["bone_pain"]],
    ["worried it's a stress fracture", ["bone_pain"]],
    ["one spot on my shin hurts when I press on it", ["bone_pain"]],
    ["pain inside the knee joint", ["joint_pain"]],
    ["joint pain in my ankle", ["joint_pain"]],
    ["ache behind the kneecap", ["joint_pain"]],
    // Output in RED_FLAGS order, whatever the order in the text.
    ["numb toes, swollen ankle, sharp pain", ["sharp_pain", "swelling", "numbness"]],
  ] as const)("%j raises %j", (text, flags) => {
    expect(parseReplyText(text).redFlags).toEqual(flags);
  });

  it.each([
    "no sharp pain",
    "not swollen",
    "without swelling",
    "no numbness",
    "No sharp pain, no swelling, no numbness",
    "no swelling, bruising or numbness",
    "nothing sharp, just a dull ache",
    "I haven't noticed any swelling",
    "I don't think it's swollen",
    "no pain at rest or at night",
    "it doesn't wake me up",
    "not getting worse",
    "no worse than last week",
    "not limping",
    "no tingling",
    "Swelling? No. Sharp pain: none.",
    "should I stop if it gets worse?",
    "could be worse!",
    "we ran at night",
    "the alarm woke me up at 5",
    "meet at 7 sharp",
    "a sharp turn on the trail",
    "I run 3 days a week",
    "warm-up done, warm weather",
    "no joint pain",
    "the physio says no running for 4 weeks",
    "one spot on the route was icy",
  ])("%j raises none", (text) => {
    expect(parseReplyText(text).redFlags).toEqual([]);
  });
});

describe("parseReplyText: commands", () => {
  it.each([
    ["STOP", "stop", null],
    ["Stop!", "stop", null],
    ["stop emailing me", "stop", null],
    ["please stop emailing me", "stop", null],
    ["Hi coach, please stop sending these emails. Thanks", "stop", null],
    ["unsubscribe", "stop", null],
    ["unsubscribe me", "stop", null],
    ["Unsubscribe me from this list please", "stop", null],
    ["I'd like to unsubscribe", "stop", null],
    ["remove me from your mailing list", "stop", null],
    ["no more emails please", "stop", null],
    ["don't email me anymore", "stop", null],
    ["PAUSE", "pause", null],
    ["pause", "pause", null],
    ["PAUSE 2 weeks", "pause", 2],
    ["pause for two weeks", "pause", 2],
    ["Please pause for 3 weeks", "pause", 3],
    ["Can you pause my emails for a month?", "pause", 4],
    ["pause for a couple of weeks", "pause", 2],
    ["pause for a fortnight", "pause", 2],
    ["pause for 10 days", "pause", 2],
    ["pause for 6 months", "pause", 12],
    ["pause 0 weeks", "pause", 1],
    ["pause until April", "pause", null],
    ["PAUSE 2 weeks - off on holiday", "pause", 2],
    ["RESUME", "resume", null],
    ["resume please", "resume", null],
    ["start again", "resume", null],
    ["Start sending me emails again", "resume", null],
    ["I'm back!", "resume", null],
    // Precedence: an unsubscribe always wins.
    ["Pause for 2 weeks. Actually no, STOP.", "stop", null],
  ] as const)("%j is %s (pauseWeeks %j)", (text, command, pauseWeeks) => {
    const parsed = parseReplyText(text);
    expect(parsed.command).toBe(command);
    expect(parsed.pauseWeeks).toBe(pauseWeeks);
  });

  it.each([
    "I stopped at the lights",
    "stop sign",
    "a non-stop run",
    "stop-start run today",
    "I want to stop",
    "Don't stop the emails!",
    "Please don't unsubscribe me",
    "pause my watch at the lights",
    "I had to pause for breath",
    "I'm back running after the injury",
    "start the 10k plan",
    "How do I resume running after an injury?",
    "the stop button",
  ])("%j is no command", (text) => {
    const parsed = parseReplyText(text);
    expect(parsed.command).toBeNull();
    expect(parsed.pauseWeeks).toBeNull();
  });
});

describe("parseReplyText: the whole result", () => {
  it("reads a typical check-in into the contract's fields, in contract key order", () => {
    const parsed = parseReplyText("Calves about a 6, no sharp pain. PAUSE 2 weeks please");
    expect(parsed).toEqual({ soreness: 6, areas: ["calves"], redFlags: [], command: "pause", pauseWeeks: 2 });
    expect(Object.keys(parsed)).toEqual(["soreness", "areas", "redFlags", "command", "pauseWeeks"]);
  });

  it("reads nothing from empty text", () => {
    expect(parseReplyText("")).toEqual({ soreness: null, areas: [], redFlags: [], command: null, pauseWeeks: null });
  });

  it("reads only the first 10,000 characters", () => {
    const parsed = parseReplyText(`${"word ".repeat(2_000)}calves 6`);
    expect(parsed.soreness).toBeNull();
    expect(parsed.areas).toEqual([]);
  });
});

describe("readNote (the one-click page's note box)", () => {
  const WORDS = [
    "sharp pain",
    "no sharp pain",
    "swollen",
    "not swollen",
    "calf",
    "left calf",
    "shin",
    "thigh",
    "bum",
    "heel",
    "can't put weight on it",
    "numb",
    "about a 6",
    "PAUSE 2 weeks",
    "stop",
    "fine",
    "a bit tight",
    "knee",
    ".",
    ",",
    "and",
    "but",
  ];

  it("finds the same areas and red flags as a reply would, on any mix of the words that matter", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }), fc.string({ maxLength: 40 }), (words, noise) => {
        // Act
        const note = `${words.join(" ")} ${noise}`;
        const reply = parseReplyText(note);

        // Assess
        expect(readNote(note)).toEqual({ areas: reply.areas, redFlags: reply.redFlags });
      }),
      { numRuns: 400 },
    );
  });

  it("flags a sharp shin pain and respects negation", () => {
    expect(readNote("left calf, and a sharp pain in the shin")).toEqual({ areas: ["calves", "shins"], redFlags: ["sharp_pain"] });
    expect(readNote("no sharp pain, just tight")).toEqual({ areas: [], redFlags: [] });
  });
});

describe("parseReplyText: words that name Object.prototype's members", () => {
  // A plain-object word table answers "constructor" with a function, which read as a number is NaN.
  it.each([
    "constructor",
    "boundary=constructor --constructor--",
    "my calves are a toString",
    "about a valueOf out of 10",
    "hasOwnProperty __proto__ isPrototypeOf",
    "pause for constructor weeks",
    "PAUSE toString weeks please",
  ])("%j reads as words: no NaN, no function, only contract values", (text) => {
    // Act
    const result = parseReplyText(text);

    // Assess
    expect(result.soreness === null || (Number.isInteger(result.soreness) && result.soreness >= 0 && result.soreness <= 10)).toBe(true);
    expect(result.pauseWeeks === null || (Number.isInteger(result.pauseWeeks) && result.pauseWeeks > 0)).toBe(true);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
