import { findAreaMentions, readAreas } from "./areas.js";
import { readCommand } from "./commands.js";
import { readFlagWords, readRedFlags } from "./red-flags.js";
import { readSoreness } from "./soreness.js";
import { prepare } from "./text.js";
import type { ParsedReply, RedFlag } from "./types.js";

/**
 * Reads a check-in from new text (quotes and signatures already removed): soreness, sore areas,
 * red flags and a command. Pure and bounded: only the first `MAX_READ_CHARS` characters are read.
 *
 * @example
 * parseReplyText("Calves about a 6, no sharp pain. PAUSE 2 weeks please");
 * // => { soreness: 6, areas: ["calves"], redFlags: [], command: "pause", pauseWeeks: 2 }
 */
export const parseReplyText = (newText: string): Omit<ParsedReply, "text"> => {
  const sentences = prepare(newText);
  const mentions = sentences.map(findAreaMentions);
  const command = readCommand(newText);
  return {
    soreness: readSoreness(sentences, mentions),
    areas: readAreas(mentions.flat()),
    redFlags: readRedFlags(sentences, mentions),
    command: command?.command ?? null,
    pauseWeeks: command?.command === "pause" ? command.pauseWeeks : null,
  };
};

/**
 * Warning-sign words the reply used without saying enough to call them a red flag ("7 and sharp"):
 * the acknowledgement asks a yes/no question about them rather than treating the reply as normal.
 * @example unclearFlags("calves 7, a bit sharp today") // => ["sharp_pain"]
 */
export const unclearFlags = (newText: string): RedFlag[] => {
  const sentences = prepare(newText);
  return readFlagWords(sentences, sentences.map(findAreaMentions)).unclear;
};
