import { describe, expect, it } from "vitest";
import { rateLimitKey } from "../../functions/app/rate-limit-key.js";

describe("rateLimitKey: the signup limit's key for an address", () => {
  it.each([
    ["198.51.100.7", "198.51.100.7"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:0DB8:0001:0002:ffff::9", "2001:db8:1:2::/64"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["::1", "0:0:0:0::/64"],
    ["not an address", "not an address"],
  ])("%s → %s", (address, key) => {
    // Act
    const actual = rateLimitKey(address);

    // Assess
    expect(actual).toBe(key);
  });

  it("puts every address of one /64 under one key, and a neighbouring /64 under another", () => {
    // Act
    const same = new Set(["2001:db8:a:b::1", "2001:db8:a:b:ffff:ffff:ffff:ffff", "2001:db8:a:b:1234::"].map(rateLimitKey));
    const other = rateLimitKey("2001:db8:a:c::1");

    // Assess
    expect(same.size).toBe(1);
    expect(same.has(other)).toBe(false);
  });
});
