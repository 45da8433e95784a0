/** Negation scope: which tokens a "no", "not" or "without" before them covers. */
import { FILLERS, HARD_BOUNDARIES, LIST_WORDS, NEGATORS, SCOPE_BREAKERS } from "./negation-words.js";
import type { Token } from "./tokens.js";

/** How many other words a negation reaches past before it stops. */
const NEGATION_REACH = 3;

const isNegator = (tokens: Token[], i: number): boolean => {
  const t = tokens[i]!.text;
  if (!NEGATORS.has(t)) return false;
  // "can not walk" is inability, not negation.
  if (t === "not" && (tokens[i - 1]?.text === "can" || tokens[i - 1]?.text === "could")) return false;
  return true;
};

/** After a comma, does a list of nouns continue to an "or"/"nor"? ("no swelling, bruising or numbness") */
const listContinues = (tokens: Token[], comma: number): boolean => {
  for (let j = comma + 1; j < tokens.length && j <= comma + 8; j++) {
    const t = tokens[j]!.text;
    if (t === "or" || t === "nor") return true;
    if (t !== "," && !LIST_WORDS.has(t) && !FILLERS.has(t)) return false;
  }
  return false;
};

/** Marks every token that a preceding negation covers. */
export const negationScope = (tokens: Token[]): boolean[] => {
  const negated: boolean[] = tokens.map(() => false);
  for (let i = 0; i < tokens.length; i++) {
    if (!isNegator(tokens, i)) continue;
    let reach = NEGATION_REACH;
    for (let j = i + 1; j < tokens.length; j++) {
      const t = tokens[j]!.text;
      if (t === ",") {
        if (listContinues(tokens, j)) continue;
        break;
      }
      if (HARD_BOUNDARIES.has(t) || SCOPE_BREAKERS.has(t)) break;
      if (!FILLERS.has(t) && !LIST_WORDS.has(t)) {
        reach--;
        if (reach < 0) break;
      }
      negated[j] = true;
    }
  }
  return negated;
};
