import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { TokenKeys, TokenPurpose } from "../../functions/domain/tokens.js";
import { TOKEN_PURPOSES, TokenError, parseTokenKeys, signToken, verifyToken } from "../../functions/domain/tokens.js";
import { fuzzRuns } from "../support/fuzz.js";

/*
 * Link tokens under fuzzing (single-byte mutations are covered in tests/domain/tokens.test.ts): random
 * strings, strings of exactly the token's shape, and multi-edit mutations of real tokens never verify,
 * and every failure is a TokenError subclass: nothing else may escape (a TypeError would be a 5xx).
 */

const NOW = new Date("2027-03-01T07:00:00.000Z");
const KEYS: TokenKeys = parseTokenKeys(
  JSON.stringify({ current: "k2", k1: "k1-secret-0123456789abcdef0123456789", k2: "k2-secret-fedcba9876543210fedcba9876" }),
);
const RUNNER = "abcdefghij234";
const runs: Record<string, number> = {};

/** The outcome of verifying `token`: "verified", or the TokenError subclass's name. Anything else fails. */
const outcome = (token: string, purpose: TokenPurpose): string => {
  try {
    verifyToken(KEYS, token, purpose, NOW);
    return "verified";
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return (error as Error).constructor.name;
  }
};

const count = (name: string) => {
  runs[name] = (runs[name] ?? 0) + 1;
};

describe("fuzz: tokens", () => {
  afterAll(() => {
    console.log(`fuzz tokens: ${Object.values(runs).reduce((a, b) => a + b, 0)} cases ${JSON.stringify(runs)}`);
  });

  it("random strings (binary, unicode, ASCII) never verify and only throw TokenErrors", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 300 }),
          fc.string({ unit: "grapheme", maxLength: 120 }),
          fc.string({ unit: "binary-ascii", maxLength: 120 }),
          fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789."), maxLength: 80 }),
        ),
        fc.constantFrom(...TOKEN_PURPOSES),
        (token, purpose) => {
          count("random strings");
          expect(outcome(token, purpose)).not.toBe("verified");
        },
      ),
      fuzzRuns(1_000, 10_000),
    );
  });

  it("strings of exactly the token's shape (known and unknown key ids) never verify", () => {
    const shaped = fc
      .tuple(
        fc.oneof(fc.constantFrom("k1", "k2", "k3"), fc.stringMatching(/^[a-z0-9]{1,8}$/)),
        fc.stringMatching(/^[a-z][a-z0-9]{6,32}$/),
        fc.stringMatching(/^[a-z0-9]{1,10}$/),
        fc.stringMatching(/^[a-z2-7]{24}$/),
      )
      .map((parts) => parts.join("."));
    fc.assert(
      fc.property(shaped, fc.constantFrom(...TOKEN_PURPOSES), (token, purpose) => {
        count("token-shaped strings");
        expect(["ForgedTokenError", "UnknownKeyTokenError"]).toContain(outcome(token, purpose));
      }),
      fuzzRuns(750, 7_500),
    );
  });

  it("real tokens with several random edits (insert, delete, replace, swap parts, case) never verify", () => {
    const edit = fc.tuple(
      fc.constantFrom("insert", "delete", "replace", "upper", "swap"),
      fc.nat(),
      fc.string({ unit: "binary", minLength: 1, maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...TOKEN_PURPOSES), fc.array(edit, { minLength: 2, maxLength: 6 }), (purpose, edits) => {
        const original = signToken(KEYS, { purpose, runnerId: RUNNER, now: NOW });
        let token = original;
        for (const [kind, at, text] of edits) {
          const i = at % (token.length + 1);
          if (kind === "insert") token = token.slice(0, i) + text + token.slice(i);
          else if (kind === "delete") token = token.slice(0, i) + token.slice(i + text.length);
          else if (kind === "replace") token = token.slice(0, i) + text + token.slice(i + text.length);
          else if (kind === "upper") token = token.slice(0, i) + token.slice(i).toUpperCase();
          else {
            const parts = token.split(".");
            const [a, b] = [at % parts.length, (at >> 3) % parts.length];
            [parts[a], parts[b]] = [parts[b]!, parts[a]!];
            token = parts.join(".");
          }
        }
        count("multi-edit mutations");
        const result = outcome(token, purpose);
        if (token === original) expect(result).toBe("verified");
        else expect(result).not.toBe("verified");
      }),
      fuzzRuns(750, 7_500),
    );
  });

  it("key configuration from random JSON parses or throws a TokenError, nothing else", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc
            .dictionary(
              fc.oneof(fc.constant("current"), fc.string({ maxLength: 10 })),
              fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue()),
            )
            .map((v) => JSON.stringify(v)),
          fc.string({ unit: "binary", maxLength: 100 }),
        ),
        (json) => {
          count("key configurations");
          try {
            const keys = parseTokenKeys(json);
            expect(Object.hasOwn(keys.keys, keys.current)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(TokenError);
          }
        },
      ),
      fuzzRuns(500, 5_000),
    );
  });
});
