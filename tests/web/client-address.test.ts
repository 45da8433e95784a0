import { describe, expect, it } from "vitest";
import { clientAddress } from "../../functions/web/shared/client-address.js";

describe("clientAddress: who is asking", () => {
  it("reads CloudFront-Viewer-Address (IPv4 and IPv6, with the port) only when CloudFront is trusted", () => {
    // Prepare
    const v4 = { "cloudfront-viewer-address": "203.0.113.9:51234" };
    const v6 = { "cloudfront-viewer-address": "2001:db8::7:443" };

    // Act + Assess
    expect(clientAddress(v4, "130.176.1.1", true)).toBe("203.0.113.9");
    expect(clientAddress(v6, "130.176.1.1", true)).toBe("2001:db8::7");
    expect(clientAddress(v4, "130.176.1.1", false)).toBe("130.176.1.1");
  });

  it("falls back to the source address when the header is missing or not an address", () => {
    // Act + Assess
    expect(clientAddress({}, "198.51.100.1", true)).toBe("198.51.100.1");
    expect(clientAddress({ "cloudfront-viewer-address": "evil" }, "198.51.100.1", true)).toBe("198.51.100.1");
    expect(clientAddress(undefined, "198.51.100.1", true)).toBe("198.51.100.1");
  });
});
