import { findAreaMentions, readAreas } from "./areas.js";
import { readCommand } from "./commands.js";
import { readFlagWords } from "./red-flags.js";
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
export const parseReplyText = (newText: string): Omit<ParsedReply, "text"> => readReplyText(newText).parsed;

/**
 * `parseReplyText` and, in the same pass, the warning-sign words the reply used without saying enough to
 * call them a red flag ("7 and a bit sharp"): the acknowledgement asks a yes/no question about those.
 * @example readReplyText("About a 7. Felt a bit sharp on the hill").unclear // => ["sharp_pain"]
 */
export const readReplyText = (newText: string): { parsed: Omit<ParsedReply, "text">; unclear: RedFlag[] } => {
  const sentences = prepare(newText);
  const mentions = sentences.map(findAreaMentions);
  const command = readCommand(newText);
  const flags = readFlagWords(sentences, mentions);
  return {
    parsed: {
      soreness: readSoreness(sentences, mentions),
      areas: readAreas(mentions.flat()),
      redFlags: flags.flags,
      command: command?.command ?? null,
      pauseWeeks: command?.command === "pause" ? command.pauseWeeks : null,
    },
    unclear: flags.flags.length > 0 ? [] : flags.unclear,
  };
};

/** Warning-sign words without enough said to be a red flag. @example unclearFlags("a bit sharp today") // => ["sharp_pain"] */
export const unclearFlags = (newText: string): RedFlag[] => readReplyText(newText).unclear;
