import { describe, expect, it } from "vitest";
import { replyToken, screenVerdicts } from "../../functions/domain/inbound.js";

const PASS = { spam: "PASS", virus: "PASS", spf: "PASS", dkim: "PASS", dmarc: "PASS" };

describe("screenVerdicts", () => {
  // Rejected when DKIM is FAIL, or DMARC is FAIL, or neither SPF nor DKIM is PASS.
  it.each([
    [PASS, true, undefined],
    [{ ...PASS, spam: "FAIL" }, false, "spam_verdict"],
    [{ ...PASS, spam: "GRAY" }, false, "spam_verdict"],
    [{ ...PASS, virus: "GRAY" }, false, "virus_verdict"],
    [{ ...PASS, spf: "FAIL", dkim: "FAIL" }, false, "not_authenticated"],
    [{ ...PASS, spf: "GRAY", dkim: "GRAY" }, false, "not_authenticated"],
    [{ ...PASS, spf: "PROCESSING_FAILED", dkim: "GRAY" }, false, "not_authenticated"],
    [{ ...PASS, spf: "FAIL" }, true, undefined],
    [{ ...PASS, spf: "GRAY" }, true, undefined],
    // A DKIM signature that does not verify: altered or forged, whatever SPF says.
    [{ ...PASS, dkim: "FAIL" }, false, "dkim_fail"],
    [{ ...PASS, dkim: "FAIL", dmarc: "GRAY" }, false, "dkim_fail"],
    // Unsigned (DKIM GRAY) with SPF PASS is still accepted.
    [{ ...PASS, dkim: "GRAY" }, true, undefined],
    [{ ...PASS, dkim: "GRAY", dmarc: "GRAY" }, true, undefined],
    [{ ...PASS, dmarc: "FAIL" }, false, "dmarc_fail"],
    [{ ...PASS, spf: "FAIL", dmarc: "FAIL" }, false, "dmarc_fail"],
    [{ ...PASS, dmarc: "GRAY" }, true, undefined],
  ])("%j → ok %s (%s)", (verdicts, ok, reason) => {
    // Arrange: the verdicts of one message (above)

    // Act
    const out = screenVerdicts(verdicts);

    // Assess
    expect(out.ok).toBe(ok);
    if (!out.ok) expect(out.reason).toBe(reason);
  });
});

describe("replyToken", () => {
  it.each([
    [["checkin+k1.kabc123.x.y@reply.legwork.example"], "k1.kabc123.x.y"],
    [["Someone <checkin+k1.kabc123.x.y@Reply.Legwork.Example>"], "k1.kabc123.x.y"],
    [["other@example.com", "checkin+tok@reply.legwork.example"], "tok"],
    [["checkin+tok@evil.example"], undefined],
    [["checkin@reply.legwork.example"], undefined],
    [["CHECKIN+tok@reply.legwork.example"], undefined],
    [[], undefined],
  ])("%j → %s", (recipients, token) => {
    expect(replyToken(recipients, "reply.legwork.example")).toBe(token);
  });
});
