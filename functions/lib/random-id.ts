import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** `length` random lower-case base32 characters (5 bits each): token-safe ids. */
export const randomId = (length: number): string => {
  let id = "";
  for (const byte of randomBytes(length)) id += ALPHABET[byte & 31];
  return id;
};
