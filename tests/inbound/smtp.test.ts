import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { dispatch } from "../../functions/app/dispatch.js";
import type { Deps } from "../../functions/wiring.js";
import type { LocalVerdicts } from "../../infra/local/smtp.js";
import { DEFAULT_VERDICTS, startLocalReceipt } from "../../infra/local/smtp.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";
import { receiveSesEvent } from "./support.js";

const START = new Date("2027-01-04T00:00:00Z");

describe("replies over SMTP on the local stack", () => {
  let deps: Deps;
  let now = START;
  let verdicts: LocalVerdicts = DEFAULT_VERDICTS;
  let receipt: Awaited<ReturnType<typeof startLocalReceipt>>;

  beforeAll(async () => {
    deps = await testDeps({ now: () => now });
    receipt = await startLocalReceipt({
      port: 0,
      store: (key, raw) => deps.rawMail.put(key, raw),
      invoke: (event) => receiveSesEvent(deps, event),
      verdicts: () => verdicts,
    });
  });
  afterAll(async () => {
    await receipt?.stop();
  });

  const tick = (at: Date) => {
    now = at;
    return dispatch(
      {
        config: deps.config,
        keys: deps.keys,
        due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE),
        mailer: deps.mailer,
        sendRate: 1000,
      },
      { now: at, remainingMs: () => 300_000 },
    );
  };

  const reply = async (from: string, to: string, text: string) => {
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: receipt.port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from,
      to,
      subject: "Re: your week",
      text: `${text}\n\nOn Mon, Legwork wrote:\n> How sore are you from 0 to 10? Week 1 of 10.\n`,
    });
    transport.close();
  };

  it("a reply is stored, acknowledged, and adapts next week's email; a red flag pauses the drip with a triage email", async () => {
    const runner = await activeRunner(deps, START, { timezone: "Europe/London", sendDay: "mon", sendHour: 7 });
    await tick(new Date(runner.nextSendAt!));
    const [week1] = await emailsTo(runner.email);
    expect(week1!.subject).toMatch(/^Week 1 of 10/);

    await reply(runner.email, week1!.replyTo[0]!, "Calves 7/10 after the hills");
    const afterReply = await emailsTo(runner.email);
    expect(afterReply.map((m) => m.subject)).toContain("Got it: 7/10, calves");
    expect((await scanTable(deps)).filter((i) => String(i["sk"]).startsWith("CHECKIN#"))).toHaveLength(1);

    await tick(new Date(new Date(runner.nextSendAt!).getTime() + 7 * 86_400_000));
    const week2 = (await emailsTo(runner.email)).find((m) => m.subject.startsWith("Week 2 of 10"));
    expect(week2?.body.text).toContain("Last week you said calves 7/10");

    await reply(runner.email, week2!.replyTo[0]!, "Sharp pain in my calf now, it wakes me at night");
    const stored = await deps.runners.getById(runner.id);
    expect(stored?.status).toBe("paused");
    expect((await emailsTo(runner.email)).some((m) => /please get it checked/i.test(m.subject))).toBe(true);

    const count = (await emailsTo(runner.email)).length;
    await tick(new Date(new Date(runner.nextSendAt!).getTime() + 14 * 86_400_000));
    expect(await emailsTo(runner.email)).toHaveLength(count);
  });

  it("with the DKIM and SPF verdicts set to FAIL, a reply changes nothing", async () => {
    const runner = await activeRunner(deps, START);
    await tick(new Date(runner.nextSendAt!));
    const [week1] = await emailsTo(runner.email);
    const before = await scanTable(deps);
    verdicts = { ...DEFAULT_VERDICTS, dkim: "FAIL", spf: "FAIL" };
    try {
      await reply(runner.email, week1!.replyTo[0]!, "STOP");
    } finally {
      verdicts = DEFAULT_VERDICTS;
    }
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(runner.email)).toHaveLength(1);
  });
});
