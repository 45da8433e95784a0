import { describe, expect, it } from "vitest";
import { renderConfirmation, renderUnsubscribed, renderWelcome } from "../../../functions/domain/render/index.js";
import { FOOTER, profile } from "./fixtures.js";

const flat = (text: string): string => text.replace(/\s+/g, " ");
const CONFIRM_URL = "https://legwork.example.org/confirm?token=v1.abc&kid=1";

describe("renderConfirmation", () => {
  const email = renderConfirmation({ profile: profile({ name: "Sam" }), confirmUrl: CONFIRM_URL, postalAddress: FOOTER.postalAddress });

  it("has the agreed subject", () => {
    expect(email.subject).toBe("Confirm your Legwork coaching emails");
  });

  it("explains the button, that ignoring it does nothing, and the 7-day expiry", () => {
    const text = flat(email.text);
    expect(text).toContain("The button opens a short page on our site. Tap confirm there and you're in.");
    expect(text).toContain("just ignore this email: nothing happens");
    expect(text).toContain("The link expires in 7 days.");
  });

  it("links the button and shows the full URL in both parts", () => {
    expect(email.html).toContain(`href="${CONFIRM_URL.replace("&", "&amp;")}"`);
    expect(email.text).toContain(`Confirm my email: ${CONFIRM_URL}`);
    expect(email.text).toContain(FOOTER.postalAddress);
  });
});

describe("renderWelcome", () => {
  it.each([
    // A New York runner whose first email goes out on the day the clocks go forward (EDT starts 9 March 2025).
    ["America/New_York", "2025-03-09T11:00:00Z", "Sunday 9 March at 7 am", "Sunday"],
    ["Europe/London", "2025-03-31T06:30:00Z", "Monday 31 March at 7:30 am", "Monday"],
    ["Pacific/Auckland", "2025-03-03T06:00:00Z", "Monday 3 March at 7 pm", "Monday"],
    ["Asia/Kolkata", "2025-03-04T01:30:00Z", "Tuesday 4 March at 7 am", "Tuesday"],
  ])("in %s, %s is %s", (timezone, firstSendAt, local, weekday) => {
    const email = renderWelcome({ profile: profile({ timezone }), firstSendAt, footer: FOOTER });
    expect(flat(email.text)).toContain(`Your first coaching email arrives on ${local} (${timezone} time).`);
    expect(email.subject).toBe(`Welcome to Legwork: your first email arrives ${weekday}`);
  });

  it("says what to expect and how to reply with a check-in, with both footer links", () => {
    const email = renderWelcome({ profile: profile({ runsPerWeek: 4 }), firstSendAt: "2025-03-03T07:00:00Z", footer: FOOTER });
    const text = flat(email.text);
    expect(text).toContain("One email a week for 10 weeks, every Monday at 7 am.");
    expect(text).toContain("your 4 runs a week");
    expect(text).toContain("Reply with your worst morning-after score");
    expect(email.text).toContain(`Unsubscribe: ${FOOTER.unsubscribeUrl}`);
    expect(email.text).toContain(FOOTER.preferencesUrl);
  });

  it("throws a RangeError for a time that is not an ISO instant", () => {
    expect(() => renderWelcome({ profile: profile(), firstSendAt: "next Monday", footer: FOOTER })).toThrow(RangeError);
  });
});

describe("renderUnsubscribed", () => {
  it("confirms the unsubscribe and offers a way back", () => {
    const email = renderUnsubscribed({
      profile: profile({ name: undefined }),
      resubscribeUrl: "https://legwork.example.org/",
      postalAddress: "1 Mill Lane",
    });
    expect(email.subject).toBe("You're unsubscribed from Legwork");
    expect(email.text).toContain("Hi there,");
    expect(email.text).toContain("Resubscribe: https://legwork.example.org/");
    expect(email.text).toContain("1 Mill Lane");
    expect(email.html).not.toContain("{{");
  });
});
