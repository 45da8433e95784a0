import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../functions/config.js";
import type { TokenKeys } from "../../functions/domain/tokens.js";
import { signToken } from "../../functions/domain/tokens.js";
import { NO_TOKEN_KEYS, TOKEN_KEYS_TTL_MS, getDeps, resetDepsCache } from "../../functions/wiring.js";

const keysNamed = (kid: string): TokenKeys => ({ current: kid, keys: { [kid]: `${kid}-${"x".repeat(40)}` } });

// Test files share a worker's modules (vitest isolate: false): start from an empty cache, and leave one.
beforeEach(() => {
  resetDepsCache();
});
afterEach(() => {
  resetDepsCache();
});

describe("getDeps: the token keys of a warm instance", () => {
  it("reads the keys once, keeps them for the TTL, then reads them again (a rotation reaches warm instances)", async () => {
    // Prepare
    let now = 1_000_000;
    const reads: string[] = [];
    let secret = "k1";
    const readKeys = async (_config: Config): Promise<TokenKeys> => {
      reads.push(secret);
      return keysNamed(secret);
    };
    const options = { clock: () => now, readKeys };

    // Act
    const first = await getDeps(options);
    secret = "k2";
    now += TOKEN_KEYS_TTL_MS - 1;
    const stillCached = await getDeps(options);
    now += 1;
    const refreshed = await getDeps(options);

    // Assess
    expect(first.keys.current).toBe("k1");
    expect(stillCached.keys.current).toBe("k1");
    expect(refreshed.keys.current).toBe("k2");
    expect(reads).toEqual(["k1", "k2"]);
    expect(refreshed.runners).toBe(first.runners); // the rest of the instance's deps is kept
  });

  it("never reads the keys for a function that does not use them (feedback), and such keys sign nothing", async () => {
    // Prepare
    let reads = 0;
    const readKeys = async (): Promise<TokenKeys> => {
      reads++;
      return keysNamed("k1");
    };

    // Act
    const deps = await getDeps({ keys: false, readKeys });

    // Assess
    expect(reads).toBe(0);
    expect(deps.keys).toBe(NO_TOKEN_KEYS);
    expect(() => signToken(deps.keys, { purpose: "confirm", runnerId: "abcdefgh", now: new Date() })).toThrow(/current key is missing/);
  });

  it("reads again on the next call after a failed read", async () => {
    // Prepare
    let calls = 0;
    const readKeys = async (): Promise<TokenKeys> => {
      calls++;
      if (calls === 1) throw new Error("AccessDeniedException");
      return keysNamed("k1");
    };

    // Act
    const failed = await getDeps({ readKeys }).catch((error: Error) => error.message);
    const recovered = await getDeps({ readKeys });

    // Assess
    expect(failed).toBe("AccessDeniedException");
    expect(recovered.keys.current).toBe("k1");
  });
});
