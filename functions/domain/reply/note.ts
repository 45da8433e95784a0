import type { SoreArea } from "../profile.js";
import { findAreaMentions, readAreas } from "./areas.js";
import { readRedFlags } from "./red-flags.js";
import { prepare } from "./text.js";
import type { RedFlag } from "./types.js";

/**
 * Sore areas and red flags in a short free-text note, such as the box on the one-click check-in
 * page, where the score comes from the link. The same rules as a reply (negation included: "no
 * sharp pain" is no flag), without the soreness and command readers, which such a note never needs.
 *
 * @example readNote("left calf, and a sharp pain in the shin") // => { areas: ["calves", "shins"], redFlags: ["sharp_pain"] }
 */
export const readNote = (note: string): { areas: SoreArea[]; redFlags: RedFlag[] } => {
  const sentences = prepare(note);
  const mentions = sentences.map(findAreaMentions);
  return { areas: readAreas(mentions.flat()), redFlags: readRedFlags(sentences, mentions) };
};
