/** Tokens and sentences: the units every reading rule works on. */

export interface Token {
  /** Lower-cased text. A number keeps its separators ("6/10", "5:30", "6.5"). */
  text: string;
  kind: "word" | "num" | "punct";
  /** False when the token is glued to the one before it ("10k", "x3", "3rd"). */
  spaced: boolean;
}

export interface Sentence {
  tokens: Token[];
  /** Token texts joined by single spaces: what phrase regexes run on. */
  canon: string;
  /** Offset in `canon` where each token starts. */
  starts: number[];
  /** `negated[i]`: token i lies in the scope of a negation ("no", "not", "without"...). */
  negated: boolean[];
}

const TOKEN = /(\d+(?:[.,:/]\d+)*)|(\p{L}+(?:'\p{L}+)*)|(\S)/gu;

export const tokenise = (text: string): Token[] => {
  const tokens: Token[] = [];
  // exec on the shared regex, not matchAll (which clones it on every call; see matchPhrases).
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const index = m.index;
    const spaced = index === 0 || /\s/.test(text[index - 1] ?? " ");
    const kind = m[1] !== undefined ? "num" : m[2] !== undefined ? "word" : "punct";
    tokens.push({ text: m[0], kind, spaced });
  }
  return tokens;
};
