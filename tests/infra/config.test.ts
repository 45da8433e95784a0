import { describe, expect, it } from "vitest";
import { OperatorConfigError, parseOperatorConfig } from "../../infra/config/operator.js";
import { cdkJson } from "./harness.js";

const valid = {
  senderDomain: "legwork.example",
  fromAddress: "Legwork Coach <coach@legwork.example>",
  replyDomain: "reply.legwork.example",
  mailFromSubdomain: "mail",
  postalAddress: "Legwork Running Club, 1 Example Street, Exampletown EX1 2MP",
};

describe("operator config (cdk.json context `legwork`)", () => {
  it("applies the documented defaults to a minimal config", () => {
    // Act
    const config = parseOperatorConfig(valid);

    // Assess
    expect(config).toMatchObject({
      fanout: false,
      checkinRetentionDays: 365,
      webReservedConcurrency: null,
      activateReceiptRuleSet: true,
      senderMaxConcurrency: 2,
      sandboxRecipients: [],
    });
    expect(config.sendRate).toBeUndefined();
    expect(config.publicBaseUrl).toBeUndefined();
    expect(config.alarmEmail).toBeUndefined();
  });

  it("ships an example config in cdk.json that parses and uses only example domains", () => {
    // Prepare
    const raw = cdkJson().context.legwork;

    // Act
    const config = parseOperatorConfig(raw);

    // Assess
    expect(config.senderDomain).toMatch(/(^|\.)example$/);
    expect(config.replyDomain).toMatch(/(^|\.)example$/);
    expect(config.fromAddress).toMatch(/@legwork\.example>$/);
    for (const url of [config.publicBaseUrl, config.alarmEmail].filter(Boolean)) {
      expect(url).toMatch(/example/);
    }
  });

  it("names every bad key, including unknown ones, in one error", () => {
    // Prepare
    const raw = { ...valid, senderDomain: "not a domain", replyDomain: 5, fanout: "yes", sendrate: 10 };

    // Act
    const act = () => parseOperatorConfig(raw);

    // Assess
    expect(act).toThrow(OperatorConfigError);
    expect(act).toThrow(/legwork\.senderDomain: must be a domain name/);
    expect(act).toThrow(/legwork\.replyDomain/);
    expect(act).toThrow(/legwork\.fanout/);
    expect(act).toThrow(/legwork\.sendrate: Unrecognized key/);
    expect(act).not.toThrow(/fromAddress/); // a bad senderDomain is reported once, not again via fromAddress
  });

  it.each([
    ["fromAddress", { fromAddress: "Coach <coach@other.example>" }, /legwork\.fromAddress: address must be on/],
    ["fromAddress", { fromAddress: "coach" }, /legwork\.fromAddress/],
    ["publicBaseUrl", { publicBaseUrl: "http://coach.legwork.example" }, /legwork\.publicBaseUrl: must be an https/],
    ["alarmEmail", { alarmEmail: "not-an-email" }, /legwork\.alarmEmail/],
    ["mailFromSubdomain", { mailFromSubdomain: "mail.sub" }, /legwork\.mailFromSubdomain/],
    ["senderMaxConcurrency", { senderMaxConcurrency: 1 }, /legwork\.senderMaxConcurrency/],
    ["checkinRetentionDays", { checkinRetentionDays: 0 }, /legwork\.checkinRetentionDays/],
    ["webReservedConcurrency", { webReservedConcurrency: 0 }, /legwork\.webReservedConcurrency/],
    ["sendRate", { sendRate: -1 }, /legwork\.sendRate/],
    ["sandboxRecipients", { sandboxRecipients: ["not an address"] }, /legwork\.sandboxRecipients\.0: must be an email/],
  ])("rejects a bad %s", (_key, override, message) => {
    // Act
    const act = () => parseOperatorConfig({ ...valid, ...override });

    // Assess
    expect(act).toThrow(message);
  });

  it("reports a missing context block with the key to add", () => {
    // Act
    const act = () => parseOperatorConfig(undefined);

    // Assess
    expect(act).toThrow(/CDK context "legwork" is missing/);
  });

  it("accepts the context as a JSON string (cdk -c legwork='{...}')", () => {
    // Act
    const config = parseOperatorConfig(JSON.stringify({ ...valid, fanout: true }));

    // Assess
    expect(config.fanout).toBe(true);
  });

  it("normalises publicBaseUrl without a trailing slash and keeps null to disable reserved concurrency", () => {
    // Act
    const config = parseOperatorConfig({
      ...valid,
      publicBaseUrl: "https://coach.legwork.example/",
      webReservedConcurrency: null,
    });

    // Assess
    expect(config.publicBaseUrl).toBe("https://coach.legwork.example");
    expect(config.webReservedConcurrency).toBeNull();
  });
});
