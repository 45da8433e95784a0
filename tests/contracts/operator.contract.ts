import { describe, expect, it } from "vitest";
import type { OperatorStore } from "../../functions/ports/operator.js";
import type { ReplySeen } from "../../functions/ports/reply-seen.js";
import type { RateLimiter } from "../../functions/ports/runners.js";

/** The small stores: operator sign-in and log, reply marks, rate counters. */
export interface SmallStores {
  operator: OperatorStore;
  replySeen: ReplySeen;
  rateLimiter: RateLimiter;
}

const AT = "2026-12-01T10:00:00.000Z";
const LATER = "2026-12-01T11:00:00.000Z";

/** The OperatorStore, ReplySeen and RateLimiter contracts. */
export const smallStoresContract = (name: string, make: () => Promise<SmallStores>) =>
  describe(`OperatorStore, ReplySeen and RateLimiter contracts: ${name}`, () => {
    it("a sign-in link is used up once; a taken nonce or session id is refused, never overwritten", async () => {
      const { operator } = await make();
      expect(await operator.putSignInLink("n1", "op@example.com", LATER)).toBe(true);
      expect(await operator.putSignInLink("n1", "someone@example.com", LATER)).toBe(false);
      expect(await operator.consumeSignInLink("n1")).toEqual({ operator: "op@example.com", expiresAt: LATER });
      expect(await operator.consumeSignInLink("n1")).toBeUndefined();
      const session = { id: "s1", operator: "op@example.com", expiresAt: LATER };
      expect(await operator.putSession(session)).toBe(true);
      expect(await operator.putSession({ ...session, operator: "someone@example.com" })).toBe(false);
      expect(await operator.getSession("s1")).toEqual(session);
      await operator.deleteSession("s1");
      expect(await operator.getSession("s1")).toBeUndefined();
    });

    it("the action log answers newest first, up to the limit, with only the fields given", async () => {
      const { operator } = await make();
      await operator.logAction({ at: AT, operator: "op@example.com", action: "sign-in" });
      await operator.logAction({ at: LATER, operator: "op@example.com", action: "test-send", detail: "weekly" });
      expect(await operator.recentActions(1)).toEqual([{ at: LATER, operator: "op@example.com", action: "test-send", detail: "weekly" }]);
      expect(await operator.recentActions()).toEqual([
        { at: LATER, operator: "op@example.com", action: "test-send", detail: "weekly" },
        { at: AT, operator: "op@example.com", action: "sign-in" },
      ]);
    });

    it("a reply mark belongs to the first delivery: the same delivery again passes, another is told which mark it replayed", async () => {
      const { replySeen } = await make();
      const marks = { message_id: "<m1@x>", body: "token\nhash1" };
      expect(await replySeen.claim("runner000001", marks, "ses-1", AT)).toBeNull();
      expect(await replySeen.claim("runner000001", marks, "ses-1", AT)).toBeNull();
      expect(await replySeen.claim("runner000001", { message_id: "<m2@x>", body: "token\nhash1" }, "ses-2", AT)).toBe("body");
      expect(await replySeen.claim("runner000001", marks, "ses-3", AT)).toBe("message_id");
      expect(await replySeen.claim("runner000002", marks, "ses-3", AT)).toBeNull();
    });

    it("a rate counter counts hits per key and window", async () => {
      const { rateLimiter } = await make();
      const hour = new Date(AT);
      expect(await rateLimiter.hit("ip#a", hour, 3600)).toBe(1);
      expect(await rateLimiter.hit("ip#a", hour, 3600)).toBe(2);
      expect(await rateLimiter.hit("ip#b", hour, 3600)).toBe(1);
      expect(await rateLimiter.hit("ip#a", new Date(LATER), 3600)).toBe(1);
    });
  });
