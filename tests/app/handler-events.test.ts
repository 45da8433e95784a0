import { afterEach, describe, expect, it, vi } from "vitest";
import { createDispatcherHandler } from "../../functions/handlers/dispatcher.js";
import { MalformedEventError } from "../../functions/handlers/events.js";
import { createFeedbackHandler } from "../../functions/handlers/feedback.js";
import { createSenderHandler } from "../../functions/handlers/sender.js";
import { handler as webHandler } from "../../functions/handlers/web.js";
import { logger } from "../../functions/lib/logger.js";
import { localContext } from "../../infra/local/lambda-context.js";
import { scanTable, testDeps } from "../support/stack.js";

/** Each handler parses its event at the edge: a malformed one is a logged error naming the bad fields, and changes nothing. */
const loggedErrors = (): unknown[][] => {
  const logged: unknown[][] = [];
  vi.spyOn(logger, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
  return logged;
};

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

afterEach(() => {
  vi.restoreAllMocks();
});

describe("malformed events at the handlers' edge", () => {
  it.each([
    ["a time that is not a date", { time: "next tuesday" }, ["time: must be an ISO date-time"]],
    ["a time that is a number", { time: 1_700_000_000 }, ["time: "]],
  ])("the dispatcher refuses %s, naming the field, before reading anything", async (_label, event, fields) => {
    // Arrange
    const deps = await testDeps();
    const before = await scanTable(deps);
    const logged = loggedErrors();
    const handler = createDispatcherHandler(async () => deps);

    // Act
    const error = await rejection(handler(event as never, localContext("legwork-dispatcher")));

    // Assess
    expect(error).toBeInstanceOf(MalformedEventError);
    for (const field of fields) expect((error as Error).message).toContain(field);
    expect(JSON.stringify(logged)).toContain("malformed schedule event");
    expect(await scanTable(deps)).toEqual(before);
  });

  it("the sender refuses an SQS batch whose records have no id or body, naming each", async () => {
    // Arrange
    const deps = await testDeps();
    const logged = loggedErrors();
    const handler = createSenderHandler(async () => deps);

    // Act
    const error = await rejection(handler({ Records: [{ body: 7 }] } as never, localContext("legwork-sender")));

    // Assess
    expect(error).toBeInstanceOf(MalformedEventError);
    expect((error as Error).message).toContain("Records.0.messageId");
    expect((error as Error).message).toContain("Records.0.body");
    expect(JSON.stringify(logged)).toContain("malformed SQS send batch");
  });

  it("the web function refuses a signup batch whose record has no body, naming it", async () => {
    // Arrange
    const logged = loggedErrors();

    // Act
    const error = await rejection(webHandler({ Records: [{ messageId: "m1" }] } as never, localContext("legwork-web")));

    // Assess
    expect(error).toBeInstanceOf(MalformedEventError);
    expect((error as Error).message).toContain("Records.0.body");
    expect(JSON.stringify(logged)).toContain("malformed SQS signup batch");
  });

  it("the feedback handler counts an SES record without eventType as malformed, logs the field, and applies the good one", async () => {
    // Arrange
    const deps = await testDeps();
    const logged = loggedErrors();
    const handler = createFeedbackHandler(async () => deps);
    const record = (Message: string, MessageId: string) => ({ Sns: { Message, MessageId } });
    const delivery = JSON.stringify({ eventType: "Delivery", mail: { destination: ["nobody.known@example.net"] } });

    // Act
    const summary = await handler(
      { Records: [record(JSON.stringify({ mail: {} }), "m1"), { Sns: { MessageId: "m2" } }, record(delivery, "m3")] },
      localContext("legwork-feedback"),
    );

    // Assess
    expect(summary).toMatchObject({ malformed: 2, ignored: 1 });
    const text = JSON.stringify(logged);
    expect(text).toContain("eventType");
    expect(text).toContain("Records.1.Sns.Message");
    expect(text).not.toContain("example.net");
  });
});
