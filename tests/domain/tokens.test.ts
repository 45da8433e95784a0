import { describe, expect, it } from "vitest";
import type { TokenKeys } from "../../functions/domain/tokens.js";
import {
  ExpiredTokenError,
  ForgedTokenError,
  MalformedTokenError,
  TOKEN_PURPOSES,
  TOKEN_TTL_SECONDS,
  TokenError,
  UnknownKeyTokenError,
  WrongPurposeTokenError,
  parseTokenKeys,
  signToken,
  verifyToken,
} from "../../functions/domain/tokens.js";

// Fixed clock and fixed secrets: every token below is reproducible byte for byte.
const NOW = new Date("2026-03-02T07:00:00.000Z");
const NOW_S = NOW.getTime() / 1000;
const SECRET_1 = "k1-secret-0123456789abcdef0123456789";
const SECRET_2 = "k2-secret-fedcba9876543210fedcba9876";
const SECRET_OTHER = "zz-secret-not-known-to-the-verifier-0";
const RUNNER = "abcdefghij123"; // 13 characters, the length of a real runner id

const KEYS_K1: TokenKeys = { current: "k1", keys: { k1: SECRET_1 } };
const KEYS_K2_WITH_K1: TokenKeys = { current: "k2", keys: { k1: SECRET_1, k2: SECRET_2 } };
const KEYS_K2_ONLY: TokenKeys = { current: "k2", keys: { k2: SECRET_2 } };

const at = (secondsFromNow: number): Date => new Date(NOW.getTime() + secondsFromNow * 1000);

/** Runs `act` and returns what it threw (or fails the test if it did not throw). */
const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  expect.fail("expected the call to throw");
};

describe("signToken / verifyToken round trip", () => {
  it.each(TOKEN_PURPOSES)("a %s token verifies for its purpose and returns its claims", (purpose) => {
    // Prepare
    const token = signToken(KEYS_K1, { purpose, runnerId: RUNNER, now: NOW });

    // Act
    const claims = verifyToken(KEYS_K1, token, purpose, at(60));

    // Assess
    expect(claims).toEqual({ purpose, runnerId: RUNNER, kid: "k1", exp: NOW_S + TOKEN_TTL_SECONDS[purpose] });
  });

  it.each(TOKEN_PURPOSES)("a %s token is lower-case base32/base36 in four dot-separated parts", (purpose) => {
    // Act
    const token = signToken(KEYS_K1, { purpose, runnerId: RUNNER, now: NOW });

    // Assess
    expect(token).toMatch(/^k1\.[a-z][a-z0-9]{13}\.[a-z0-9]+\.[a-z2-7]{24}$/);
    expect(token).toBe(token.toLowerCase());
  });

  it("is deterministic for the same keys, purpose, runner and clock", () => {
    // Act
    const a = signToken(KEYS_K1, { purpose: "checkin", runnerId: RUNNER, now: NOW });
    const b = signToken(KEYS_K1, { purpose: "checkin", runnerId: RUNNER, now: NOW });

    // Assess
    expect(a).toBe(b);
  });

  it.each([
    { what: "runner", other: { purpose: "checkin" as const, runnerId: "abcdefghij124", now: NOW } },
    { what: "purpose", other: { purpose: "prefs" as const, runnerId: RUNNER, now: NOW } },
    { what: "clock", other: { purpose: "checkin" as const, runnerId: RUNNER, now: at(1) } },
  ])("differs when the $what differs", ({ other }) => {
    // Act
    const base = signToken(KEYS_K1, { purpose: "checkin", runnerId: RUNNER, now: NOW });
    const changed = signToken(KEYS_K1, other);

    // Assess
    expect(changed).not.toBe(base);
  });

  it("honours an explicit ttlSeconds", () => {
    // Prepare
    const token = signToken(KEYS_K1, { purpose: "data", runnerId: RUNNER, now: NOW, ttlSeconds: 600 });

    // Act
    const claims = verifyToken(KEYS_K1, token, "data", at(599));

    // Assess
    expect(claims.exp).toBe(NOW_S + 600);
    expect(() => verifyToken(KEYS_K1, token, "data", at(600))).toThrow(ExpiredTokenError);
  });

  it.each([
    { runnerId: "", why: "empty" },
    { runnerId: "abc12", why: "shorter than 6" },
    { runnerId: "a".repeat(33), why: "longer than 32" },
    { runnerId: "ABCDEFGHIJ123", why: "upper case" },
    { runnerId: "abcde.fghij", why: "contains a dot" },
    { runnerId: "abcdef@ghij", why: "contains @" },
  ])("refuses to sign for a runner id that is not token-safe ($why)", ({ runnerId }) => {
    // Act
    const error = thrownBy(() => signToken(KEYS_K1, { purpose: "checkin", runnerId, now: NOW }));

    // Assess
    expect(error).toBeInstanceOf(TokenError);
  });

  it("refuses to sign when the current key is not among the keys", () => {
    // Prepare
    const keys: TokenKeys = { current: "k9", keys: { k1: SECRET_1 } };

    // Act
    const error = thrownBy(() => signToken(keys, { purpose: "checkin", runnerId: RUNNER, now: NOW }));

    // Assess
    expect(error).toBeInstanceOf(UnknownKeyTokenError);
  });
});

describe("verifyToken failures", () => {
  const valid = signToken(KEYS_K1, { purpose: "checkin", runnerId: RUNNER, now: NOW });
  const [kid, purposeAndRunner, expText, sig] = valid.split(".") as [string, string, string, string];
  const checkinTtl = TOKEN_TTL_SECONDS.checkin;

  it.each([
    {
      what: "last signature character changed",
      token: `${kid}.${purposeAndRunner}.${expText}.${sig.slice(0, -1)}${sig.endsWith("a") ? "b" : "a"}`,
    },
    {
      what: "first signature character changed",
      token: `${kid}.${purposeAndRunner}.${expText}.${sig.startsWith("a") ? "b" : "a"}${sig.slice(1)}`,
    },
    { what: "signature reversed", token: `${kid}.${purposeAndRunner}.${expText}.${[...sig].reverse().join("")}` },
    {
      what: "signature from another runner's token",
      token: `${kid}.${purposeAndRunner}.${expText}.${signToken(KEYS_K1, { purpose: "checkin", runnerId: "zzzzzzzzzz999", now: NOW }).split(".")[3]}`,
    },
    { what: "runner id swapped under the same signature", token: `${kid}.kabcdefghij124.${expText}.${sig}` },
    {
      what: "expiry extended under the same signature",
      token: `${kid}.${purposeAndRunner}.${(NOW_S + 10 * checkinTtl).toString(36)}.${sig}`,
    },
    { what: "purpose code swapped under the same signature", token: `${kid}.u${RUNNER}.${expText}.${sig}` },
    {
      what: "signed with another secret under the same key id",
      token: signToken({ current: "k1", keys: { k1: SECRET_OTHER } }, { purpose: "checkin", runnerId: RUNNER, now: NOW }),
    },
  ])("rejects a forged token: $what", ({ token }) => {
    // Act
    const error = thrownBy(() => verifyToken(KEYS_K1, token, "checkin", at(60)));

    // Assess
    expect(error).toBeInstanceOf(ForgedTokenError);
  });

  it.each([
    { what: "exactly at exp", now: at(checkinTtl) },
    { what: "one second after exp", now: at(checkinTtl + 1) },
    { what: "a year after exp", now: at(checkinTtl + 365 * 86_400) },
  ])("rejects an expired token ($what)", ({ now }) => {
    // Act
    const error = thrownBy(() => verifyToken(KEYS_K1, valid, "checkin", now));

    // Assess
    expect(error).toBeInstanceOf(ExpiredTokenError);
  });

  it("accepts a token one millisecond before exp", () => {
    // Act
    const claims = verifyToken(KEYS_K1, valid, "checkin", new Date(NOW.getTime() + checkinTtl * 1000 - 1));

    // Assess
    expect(claims.runnerId).toBe(RUNNER);
  });

  const wrongPurposeCases = TOKEN_PURPOSES.flatMap((signedFor) =>
    TOKEN_PURPOSES.filter((p) => p !== signedFor).map((usedFor) => ({ signedFor, usedFor })),
  );
  it.each(wrongPurposeCases)("rejects a $signedFor token used for $usedFor", ({ signedFor, usedFor }) => {
    // Prepare
    const token = signToken(KEYS_K1, { purpose: signedFor, runnerId: RUNNER, now: NOW });

    // Act
    const error = thrownBy(() => verifyToken(KEYS_K1, token, usedFor, at(60)));

    // Assess
    expect(error).toBeInstanceOf(WrongPurposeTokenError);
  });

  it("rejects a token signed with a key id the verifier does not hold", () => {
    // Prepare
    const token = signToken({ current: "zz", keys: { zz: SECRET_OTHER } }, { purpose: "checkin", runnerId: RUNNER, now: NOW });

    // Act
    const error = thrownBy(() => verifyToken(KEYS_K2_WITH_K1, token, "checkin", at(60)));

    // Assess
    expect(error).toBeInstanceOf(UnknownKeyTokenError);
  });

  it.each([
    { what: "empty", token: "" },
    { what: "a word", token: "abc" },
    { what: "only dots", token: "..." },
    { what: "three parts", token: `${kid}.${purposeAndRunner}.${expText}` },
    { what: "an extra dot-part at the end", token: `${valid}.x` },
    { what: "an extra dot at the end", token: `${valid}.` },
    { what: "an extra dot at the start", token: `.${valid}` },
    { what: "a doubled dot", token: `${kid}..${purposeAndRunner}.${expText}.${sig}` },
    { what: "upper case", token: valid.toUpperCase() },
    {
      what: "one upper-case letter",
      token: `${kid}.${purposeAndRunner.charAt(0).toUpperCase()}${purposeAndRunner.slice(1)}.${expText}.${sig}`,
    },
    { what: "leading space", token: ` ${valid}` },
    { what: "trailing newline", token: `${valid}\n` },
    { what: "signature one character short", token: valid.slice(0, -1) },
    { what: "signature one character long", token: `${valid}a` },
    { what: "signature with a non-base32 digit", token: `${kid}.${purposeAndRunner}.${expText}.${sig.slice(0, -1)}1` },
    { what: "runner id too short", token: `${kid}.kabc12.${expText}.${sig}` },
    { what: "key id longer than 8", token: `k12345678.${purposeAndRunner}.${expText}.${sig}` },
    { what: "expiry longer than 10", token: `${kid}.${purposeAndRunner}.${"z".repeat(11)}.${sig}` },
    { what: "base64 padding", token: `${valid}==` },
    { what: "percent-encoded dot", token: valid.replace(".", "%2e") },
  ])("rejects a malformed token: $what", ({ token }) => {
    // Act
    const error = thrownBy(() => verifyToken(KEYS_K1, token, "checkin", at(60)));

    // Assess
    expect(error).toBeInstanceOf(MalformedTokenError);
  });

  it("rejects every single-byte mutation of a valid token: each position, every other code point 0x00-0xFF", () => {
    // Prepare: tokens travel as strings in URLs, so a "byte" is one character U+0000..U+00FF
    // (a URL decodes %00-%7F and UTF-8 %C2%80-%C3%BF to exactly these).
    const mutants: string[] = [];
    for (let i = 0; i < valid.length; i++)
      for (let code = 0x00; code <= 0xff; code++) {
        const ch = String.fromCharCode(code);
        if (ch !== valid[i]) mutants.push(valid.slice(0, i) + ch + valid.slice(i + 1));
      }

    // Act
    const accepted: string[] = [];
    const wrongError: string[] = [];
    const byClass: Record<string, number> = {};
    for (const mutant of mutants) {
      try {
        verifyToken(KEYS_K1, mutant, "checkin", at(60));
        accepted.push(mutant);
      } catch (error) {
        if (error instanceof TokenError) byClass[error.name] = (byClass[error.name] ?? 0) + 1;
        else wrongError.push(mutant);
      }
    }
    console.log(`fuzz token single-byte mutations (domain): ${mutants.length} cases, ${JSON.stringify(byClass)}`);

    // Assess
    expect(new Set(mutants).size).toBe(valid.length * 255);
    expect(mutants.length).toBe(valid.length * 255);
    expect(accepted).toEqual([]);
    expect(wrongError).toEqual([]);
    expect(Object.values(byClass).reduce((a, b) => a + b, 0)).toBe(mutants.length);
  });

  it("rejects every single-character deletion and duplication of a valid token", () => {
    // Prepare
    const mutants = [...valid].flatMap((ch, i) => [valid.slice(0, i) + valid.slice(i + 1), valid.slice(0, i) + ch + valid.slice(i)]);

    // Act
    const accepted = mutants.filter((mutant) => {
      try {
        verifyToken(KEYS_K1, mutant, "checkin", at(60));
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(TokenError);
        return false;
      }
    });

    // Assess
    expect(accepted).toEqual([]);
  });

  it("every failure is a TokenError with its own class name", () => {
    // Prepare
    const cases: Array<[() => unknown, string]> = [
      [() => verifyToken(KEYS_K1, "abc", "checkin", at(60)), "MalformedTokenError"],
      [() => verifyToken(KEYS_K1, `${valid.slice(0, -1)}${sig.endsWith("a") ? "b" : "a"}`, "checkin", at(60)), "ForgedTokenError"],
      [() => verifyToken(KEYS_K1, valid, "checkin", at(checkinTtl)), "ExpiredTokenError"],
      [() => verifyToken(KEYS_K1, valid, "prefs", at(60)), "WrongPurposeTokenError"],
      [() => verifyToken(KEYS_K2_ONLY, valid, "checkin", at(60)), "UnknownKeyTokenError"],
    ];

    // Act
    const errors = cases.map(([act]) => thrownBy(act));

    // Assess
    errors.forEach((error, i) => {
      expect(error).toBeInstanceOf(TokenError);
      expect((error as Error).name).toBe(cases[i]?.[1]);
    });
  });
});

describe("key rotation", () => {
  it("a token signed under k1 still verifies once k2 is current and k1 is kept", () => {
    // Prepare
    const old = signToken(KEYS_K1, { purpose: "unsubscribe", runnerId: RUNNER, now: NOW });

    // Act
    const claims = verifyToken(KEYS_K2_WITH_K1, old, "unsubscribe", at(86_400));

    // Assess
    expect(claims).toMatchObject({ kid: "k1", runnerId: RUNNER, purpose: "unsubscribe" });
  });

  it("new tokens are signed with the current key k2", () => {
    // Act
    const token = signToken(KEYS_K2_WITH_K1, { purpose: "checkin", runnerId: RUNNER, now: NOW });

    // Assess
    expect(token.startsWith("k2.")).toBe(true);
    expect(verifyToken(KEYS_K2_WITH_K1, token, "checkin", at(60)).kid).toBe("k2");
    expect(verifyToken(KEYS_K2_ONLY, token, "checkin", at(60)).kid).toBe("k2");
    expect(() => verifyToken(KEYS_K1, token, "checkin", at(60))).toThrow(UnknownKeyTokenError);
  });

  it("a token signed under k1 fails with UnknownKey once k1 is removed", () => {
    // Prepare
    const old = signToken(KEYS_K1, { purpose: "unsubscribe", runnerId: RUNNER, now: NOW });

    // Act
    const error = thrownBy(() => verifyToken(KEYS_K2_ONLY, old, "unsubscribe", at(86_400)));

    // Assess
    expect(error).toBeInstanceOf(UnknownKeyTokenError);
  });

  it("a k1-labelled token signed with k2's secret is forged, not accepted", () => {
    // Prepare: an attacker who knows the k2 secret cannot pass it off as k1.
    const token = signToken({ current: "k1", keys: { k1: SECRET_2 } }, { purpose: "checkin", runnerId: RUNNER, now: NOW });

    // Act
    const error = thrownBy(() => verifyToken(KEYS_K2_WITH_K1, token, "checkin", at(60)));

    // Assess
    expect(error).toBeInstanceOf(ForgedTokenError);
  });
});

describe("parseTokenKeys", () => {
  const long = (c: string): string => c.repeat(32);

  it.each([
    {
      what: "one key",
      json: JSON.stringify({ current: "k1", k1: long("a") }),
      expected: { current: "k1", keys: { k1: long("a") } },
    },
    {
      what: "two keys for rotation",
      json: JSON.stringify({ current: "k2", k1: long("a"), k2: long("b") }),
      expected: { current: "k2", keys: { k1: long("a"), k2: long("b") } },
    },
    {
      what: "an 8-character key id",
      json: JSON.stringify({ current: "abcd1234", abcd1234: long("c") }),
      expected: { current: "abcd1234", keys: { abcd1234: long("c") } },
    },
  ])("parses $what", ({ json, expected }) => {
    // Act
    const keys = parseTokenKeys(json);

    // Assess
    expect(keys).toEqual(expected);
  });

  it("parsed keys sign and verify", () => {
    // Prepare
    const keys = parseTokenKeys(JSON.stringify({ current: "k2", k1: SECRET_1, k2: SECRET_2 }));

    // Act
    const token = signToken(keys, { purpose: "prefs", runnerId: RUNNER, now: NOW });

    // Assess
    expect(verifyToken(keys, token, "prefs", at(60)).kid).toBe("k2");
  });

  it.each([
    { what: "bad JSON", json: "{current:k1}" },
    { what: "an empty string", json: "" },
    { what: "JSON null", json: "null" },
    { what: "a JSON string", json: JSON.stringify("k1") },
    { what: "a JSON number", json: "42" },
    { what: "a JSON array", json: JSON.stringify([long("a")]) },
    { what: "an empty object", json: "{}" },
    { what: "a missing current", json: JSON.stringify({ k1: long("a") }) },
    { what: "current naming no key", json: JSON.stringify({ current: "k2", k1: long("a") }) },
    { what: "current not a string", json: JSON.stringify({ current: 1, "1": long("a") }) },
    { what: "a 31-character secret", json: JSON.stringify({ current: "k1", k1: "a".repeat(31) }) },
    { what: "an empty secret", json: JSON.stringify({ current: "k1", k1: "" }) },
    { what: "a short secret beside a good current key", json: JSON.stringify({ current: "k1", k1: long("a"), k2: "short" }) },
    { what: "a numeric secret", json: JSON.stringify({ current: "k1", k1: 123_456_789 }) },
    { what: "an upper-case key id", json: JSON.stringify({ current: "K1", K1: long("a") }) },
    { what: "a key id with a dot", json: JSON.stringify({ current: "k.1", "k.1": long("a") }) },
    { what: "a 9-character key id", json: JSON.stringify({ current: "abcd12345", abcd12345: long("a") }) },
  ])("rejects $what with a TokenError", ({ json }) => {
    // Act
    const error = thrownBy(() => parseTokenKeys(json));

    // Assess
    expect(error).toBeInstanceOf(TokenError);
  });

  // "current" must name one of the parsed keys. A name inherited from Object.prototype is not a key,
  // yet `keys[current]` finds it on the prototype; signToken would later fail with a raw TypeError
  // from createHmac instead of the configuration being refused at load time.
  it.each(["toString", "constructor", "__proto__", "valueOf", "hasOwnProperty"])(
    'rejects current "%s" (inherited from Object.prototype, not a key) with a TokenError',
    (current) => {
      // Prepare
      const json = JSON.stringify({ current, k1: long("a") });

      // Act
      const error = thrownBy(() => parseTokenKeys(json));

      // Assess
      expect(error).toBeInstanceOf(TokenError);
    },
  );
});

describe("token length", () => {
  it.each(TOKEN_PURPOSES)("a %s token for a 13-character runner id fits an address local part", (purpose) => {
    // Prepare: the longest expiry a default TTL can produce within the service's lifetime.
    const late = new Date("2099-12-31T23:59:59.000Z");

    // Act
    const token = signToken(KEYS_K2_WITH_K1, { purpose, runnerId: RUNNER, now: late });

    // Assess
    expect(token.length).toBeLessThanOrEqual(56);
    expect(`checkin+${token}`.length).toBeLessThanOrEqual(64);
  });

  it("stays within 56 characters with an 8-character key id", () => {
    // Prepare
    const keys: TokenKeys = { current: "abcd1234", keys: { abcd1234: SECRET_1 } };

    // Act
    const token = signToken(keys, { purpose: "checkin", runnerId: RUNNER, now: NOW });

    // Assess
    expect(token.length).toBeLessThanOrEqual(56);
    expect(`checkin+${token}`.length).toBeLessThanOrEqual(64);
  });
});
