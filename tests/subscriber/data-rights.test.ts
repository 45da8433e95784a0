import { readdir } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { checkinKey } from "../../functions/adapters/dynamodb/keys.js";
import { addressRatePartition, confirmRatePartition } from "../../functions/adapters/dynamodb/runner-data.js";
import { dispatch } from "../../functions/app/dispatch.js";
import { handleInbound } from "../../functions/app/inbound.js";
import { replyKey } from "../../functions/ports/raw-mail.js";
import type { Runner } from "../../functions/domain/profile.js";
import { signToken } from "../../functions/domain/tokens.js";
import type { Deps } from "../../functions/wiring.js";
import { activeRunner } from "../support/runners.js";
import { call, httpEvent, postJson } from "../support/http.js";
import { validSignup } from "../support/signup.js";
import { emailsTo, scanTable, uniqueEmail } from "../support/stack.js";
import { PASS, replyMime } from "../inbound/support.js";
import { clock, postFormTo, registerSubscriberRoutes, subscriberDeps } from "./support.js";

const NOW = new Date("2026-12-02T12:00:00.000Z");

type Store = Awaited<ReturnType<typeof subscriberDeps>>;

const dataToken = (deps: Deps, id: string, now = NOW) => signToken(deps.keys, { purpose: "data", runnerId: id, now });

/** A runner with everything a real one accumulates: sends, check-ins, a stored reply. */
const richRunner = async (deps: Store, email = uniqueEmail("rights")): Promise<Runner> => {
  const runner = await activeRunner(deps, NOW, { email, name: "Ada <Lovelace>" });
  const put = (item: Record<string, unknown>) => deps.doc.send(new PutCommand({ TableName: deps.config.LEGWORK_TABLE, Item: item }));
  await deps.doc.send(
    new PutCommand({
      TableName: deps.config.LEGWORK_TABLE,
      Item: {
        ...(await scanTable(deps)).find((i) => i["pk"] === `RUNNER#${runner.id}` && i["sk"] === "PROFILE"),
        sends: [{ week: 1, at: "2026-12-07T07:00:00.000Z", messageId: `<week1.${runner.id}@legwork.example>` }],
        claimWeek: 2,
        claimId: "internal-claim",
      },
    }),
  );
  await put({
    ...checkinKey(runner.id, "2026-12-08T19:00:00.000Z"),
    soreness: 6,
    areas: ["calves"],
    text: "calves about a 6",
    ttl: 1_800_000_000,
  });
  await put({ ...checkinKey(runner.id, "2026-12-09T19:00:00.000Z"), soreness: 3, areas: [], text: "better" });
  await put({ pk: `RUNNER#${runner.id}`, sk: "NOTE#2026-12-09", note: "red flag reply answered" });
  await deps.rawMail.put(replyKey(runner.id, "<CAF1@mail.example>"), Buffer.from(`From: ${email}\r\n\r\ncalves about a 6\r\n`));
  await deps.rawMail.put(replyKey(runner.id, "<CAF2@mail.example>"), Buffer.from(`From: ${email}\r\n\r\nbetter\r\n`));
  return runner;
};

const mentions = (item: Record<string, unknown>, runner: Runner) => {
  const text = JSON.stringify(item).toLowerCase();
  return text.includes(runner.id) || text.includes(runner.email.toLowerCase());
};

describe("data rights", () => {
  let deps: Store;
  beforeAll(async () => {
    registerSubscriberRoutes();
    deps = await subscriberDeps({ now: () => NOW });
  });

  it("POST /api/export returns the profile without internal keys, check-ins, send history and stored replies, and changes nothing", async () => {
    // Prepare
    const runner = await richRunner(deps);
    const before = await scanTable(deps);
    // Act
    const res = await call(deps, httpEvent("POST", `/api/export?token=${dataToken(deps, runner.id)}`));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="legwork-data-2026-12-02\.json"$/);
    const data = JSON.parse(res.body as string);
    expect(data.profile).toMatchObject({
      id: runner.id,
      email: runner.email,
      name: "Ada <Lovelace>",
      status: "active",
      timezone: "Europe/London",
    });
    for (const internal of ["pk", "sk", "gsi1pk", "gsi1sk", "claimWeek", "claimId", "sends"])
      expect(data.profile).not.toHaveProperty(internal);
    expect(data.checkins).toEqual([
      {
        at: "2026-12-08T19:00:00.000Z",
        soreness: 6,
        areas: ["calves"],
        text: "calves about a 6",
        expiresAt: new Date(1_800_000_000_000).toISOString(),
      },
      { at: "2026-12-09T19:00:00.000Z", soreness: 3, areas: [], text: "better" },
    ]);
    expect(data.sends).toEqual([{ week: 1, at: "2026-12-07T07:00:00.000Z", messageId: `<week1.${runner.id}@legwork.example>` }]);
    expect(data.replies).toEqual([`replies/${runner.id}/CAF1@mail.example.eml`, `replies/${runner.id}/CAF2@mail.example.eml`]);
    expect(data.other).toEqual([{ record: "NOTE", note: "red flag reply answered" }]);
    expect(await scanTable(deps)).toEqual(before);
  });

  it("POST /api/delete removes every item about the runner and every stored reply; other runners are untouched", async () => {
    // Prepare
    const runner = await richRunner(deps);
    const neighbour = await richRunner(deps);
    const neighbourItems = (await scanTable(deps)).filter((i) => mentions(i, neighbour));
    // Act
    const res = await call(deps, httpEvent("POST", `/api/delete?token=${dataToken(deps, runner.id)}`));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toEqual({ status: "deleted", items: 5, replies: 2 });
    const left = await scanTable(deps);
    expect(left.filter((i) => mentions(i, runner))).toEqual([]);
    expect(await deps.rawMail.list(`replies/${runner.id}/`)).toEqual([]);
    expect((await deps.rawMail.list("")).filter((k) => k.includes(neighbour.id))).toHaveLength(2);
    expect(left.filter((i) => mentions(i, neighbour))).toEqual(neighbourItems);
    // The same link again: nothing to export, deleting again is harmless.
    expect((await call(deps, httpEvent("POST", `/api/export?token=${dataToken(deps, runner.id)}`))).statusCode).toBe(404);
    expect((await call(deps, httpEvent("POST", `/api/delete?token=${dataToken(deps, runner.id)}`))).statusCode).toBe(200);
    expect(await scanTable(deps)).toEqual(left);
  });

  it("after a real life cycle (form signup, confirm, a weekly send, two replies) POST /api/delete leaves nothing of the runner anywhere in the whole table or reply store; a neighbour's items are untouched", async () => {
    // Prepare: a fresh table and reply store, so the whole of both can be inspected. Two runners live
    // through the real flows, from the same IP: signup, confirm by the emailed link, week 1 from the
    // dispatcher, and two replies to it through the inbound handler (check-ins, raw replies kept).
    const time = clock(NOW.toISOString());
    const fresh = await subscriberDeps({ now: time.now });
    const ip = "198.51.100.9";
    const live = async (label: string): Promise<Runner> => {
      const email = uniqueEmail(label);
      expect((await postJson(fresh, "/api/subscribe", validSignup(email), ip)).statusCode).toBe(202);
      const [confirmation] = await emailsTo(email);
      const confirmToken = /confirm\?token=([a-z0-9.]+)/.exec(confirmation!.body.html ?? "")![1]!;
      expect((await postFormTo(fresh, "/confirm", { token: confirmToken })).statusCode).toBe(200);
      return (await fresh.runners.getByEmail(email))!;
    };
    const runner = await live("erase");
    const neighbour = await live("stay");
    const sendAt = new Date(runner.nextSendAt!);
    const tick = await dispatch(
      {
        config: fresh.config,
        keys: fresh.keys,
        due: new DynamoDueRepository(fresh.doc, fresh.config.LEGWORK_TABLE),
        mailer: fresh.mailer,
        sendRate: 1000,
      },
      { now: sendAt, remainingMs: () => 300_000 },
    );
    expect(tick).toMatchObject({ due: 2, sent: 2 });
    const reply = async (who: Runner, n: number, text: string) => {
      const weekly = (await emailsTo(who.email)).find((m) => m.subject.startsWith("Week 1"))!;
      const to = weekly.replyTo[0]!;
      time.set(new Date(sendAt.getTime() + n * 3_600_000));
      const outcome = await handleInbound(fresh, {
        messageId: `ses${n}${who.id}`,
        receivedAt: time.now().toISOString(),
        recipients: [to],
        verdicts: PASS,
        raw: await replyMime({ from: who.email, to, text }),
      });
      expect(outcome).toMatchObject({ kind: "checkin", runnerId: who.id });
    };
    for (const who of [runner, neighbour]) {
      await reply(who, 2, "Calves about a 6 after the long run");
      await reply(who, 5, "Quads 3 now, much better");
    }

    const before = await scanTable(fresh);
    const storeBefore = await fresh.rawMail.list("");
    const hash = addressRatePartition(runner.email).slice("RATE#addr#".length);
    const isTheRunners = (i: Record<string, unknown>) =>
      i["pk"] === `RUNNER#${runner.id}` ||
      i["pk"] === `EMAIL#${runner.email}` ||
      i["pk"] === addressRatePartition(runner.email) ||
      i["pk"] === confirmRatePartition(runner.email);
    const theirs = before.filter(isTheRunners);
    // Everything the brief names is really there before the delete: profile with send history,
    // check-ins with their words, the email index item, the address's rate counter, raw replies.
    const profile = theirs.find((i) => i["sk"] === "PROFILE")!;
    expect(profile["sends"]).toEqual([expect.objectContaining({ week: 1, messageId: expect.stringContaining(runner.id) })]);
    expect(theirs.filter((i) => String(i["sk"]).startsWith("CHECKIN#")).map((i) => i["note"])).toEqual([
      expect.stringContaining("Calves about a 6"),
      expect.stringContaining("Quads 3"),
    ]);
    expect(theirs.some((i) => i["pk"] === `EMAIL#${runner.email}` && i["runnerId"] === runner.id)).toBe(true);
    expect(theirs.some((i) => i["pk"] === addressRatePartition(runner.email))).toBe(true);
    expect(storeBefore.filter((k) => k.includes(runner.id))).toHaveLength(2);
    expect(storeBefore.filter((k) => k.includes(neighbour.id))).toHaveLength(2);
    const neighbourReplies = await Promise.all(storeBefore.filter((k) => k.includes(neighbour.id)).map((k) => fresh.rawMail.get(k)));

    // Act
    const res = await call(fresh, httpEvent("POST", `/api/delete?token=${dataToken(fresh, runner.id, time.now())}`));

    // Assess: the whole table is exactly what it was, minus the runner's items.
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toEqual({ status: "deleted", items: theirs.length, replies: 2 });
    const after = await scanTable(fresh);
    expect(after).toEqual(before.filter((i) => !isTheRunners(i)));
    // No item anywhere still names the runner, their address, its hash, or their words.
    for (const item of after) {
      const text = JSON.stringify(item).toLowerCase();
      for (const trace of [runner.id, runner.email.toLowerCase(), hash, "ses2" + runner.id, "ses5" + runner.id])
        expect(text, JSON.stringify(item)).not.toContain(trace);
    }
    // Left: the neighbour's items as they were, and the per-IP counter (a hash of the IP, not of a person).
    expect(
      after.map((i) =>
        String(i["pk"])
          .replace(neighbour.id, "<neighbour>")
          .replace(/[0-9a-f]{32}$/, "<hash>"),
      ),
    ).toEqual(expect.arrayContaining(["RUNNER#<neighbour>", `EMAIL#${neighbour.email}`, "RATE#addr#<hash>", "RATE#ip#<hash>"]));
    expect(new Set(after.map((i) => String(i["pk"])).filter((pk) => pk.startsWith("RATE#")))).toEqual(
      new Set([
        addressRatePartition(neighbour.email),
        confirmRatePartition(neighbour.email),
        "RATE#confirm#all",
        ...before.map((i) => String(i["pk"])).filter((pk) => pk.startsWith("RATE#ip#")),
      ]),
    );
    // The whole reply store: every key and every folder on disk, not only the runner's prefix.
    const storeAfter = await fresh.rawMail.list("");
    expect(storeAfter).toEqual(storeBefore.filter((k) => !k.includes(runner.id)));
    const onDisk = await readdir(fresh.rawMailDir, { recursive: true });
    expect(onDisk.filter((p) => p.includes(runner.id))).toEqual([]);
    expect(await Promise.all(storeAfter.map((k) => fresh.rawMail.get(k)))).toEqual(neighbourReplies);
  });

  it("the preferences page offers export and delete with a fresh data token; the delete form needs the tick", async () => {
    // Prepare
    const runner = await richRunner(deps);
    const prefs = signToken(deps.keys, { purpose: "prefs", runnerId: runner.id, now: NOW });
    const page = await call(deps, httpEvent("GET", `/preferences?token=${prefs}`));
    const exportAction = /action="(\/api\/export\?token=[a-z0-9.]+)"/.exec(page.body as string)?.[1];
    const deleteAction = /action="(\/api\/delete\?token=[a-z0-9.]+)"/.exec(page.body as string)?.[1];
    expect(exportAction && deleteAction).toBeTruthy();
    // Act + Assess: export via the form
    const exported = await postFormTo(deps, exportAction!, { format: "download" });
    expect(exported.statusCode).toBe(200);
    expect(JSON.parse(exported.body as string).profile.id).toBe(runner.id);
    // Delete without the tick: nothing happens.
    const before = await scanTable(deps);
    const unticked = await postFormTo(deps, deleteAction!, {});
    const untickedWithFormat = await postFormTo(deps, deleteAction!, { format: "page" });
    expect(untickedWithFormat.statusCode).toBe(400);
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toContain("Nothing was deleted");
    expect(await scanTable(deps)).toEqual(before);
    // With the tick: everything goes, and a page says so.
    const deleted = await postFormTo(deps, deleteAction!, { confirm: "yes" });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.headers["content-type"]).toContain("text/html");
    expect(deleted.body).toContain("Everything is deleted");
    expect((await scanTable(deps)).filter((i) => mentions(i, runner))).toEqual([]);
    expect(await deps.rawMail.list(`replies/${runner.id}/`)).toEqual([]);
  });

  const badTokens: [string, (d: Deps, id: string) => string, number][] = [
    ["forged", (d, id) => dataToken(d, id).replace(/.$/, (c) => (c === "a" ? "b" : "a")), 400],
    ["expired", (d, id) => dataToken(d, id, new Date(NOW.getTime() - 8 * 86_400_000)), 410],
    ["prefs-purpose", (d, id) => signToken(d.keys, { purpose: "prefs", runnerId: id, now: NOW }), 400],
    ["unsubscribe-purpose", (d, id) => signToken(d.keys, { purpose: "unsubscribe", runnerId: id, now: NOW }), 400],
    ["garbage", () => "x.y.z", 400],
  ];

  it.each(badTokens)("a %s token on export and delete is a 4xx and nothing is read out or removed", async (_label, make, status) => {
    const runner = await richRunner(deps);
    const token = make(deps, runner.id);
    const before = await scanTable(deps);
    const replies = await deps.rawMail.list("");
    const exported = await call(deps, httpEvent("POST", `/api/export?token=${encodeURIComponent(token)}`));
    const deleted = await call(deps, httpEvent("POST", `/api/delete?token=${encodeURIComponent(token)}`));
    const form = await postFormTo(deps, `/api/delete?token=${encodeURIComponent(token)}`, { confirm: "yes" });
    expect([exported.statusCode, deleted.statusCode, form.statusCode]).toEqual([status, status, status]);
    expect(exported.body).not.toContain(runner.email);
    expect(await scanTable(deps)).toEqual(before);
    expect(await deps.rawMail.list("")).toEqual(replies);
  });

  it("the token may come in the JSON body instead of the query", async () => {
    const runner = await richRunner(deps);
    const res = await postJson(deps, "/api/export", { token: dataToken(deps, runner.id) });
    expect(res.statusCode).toBe(200);
  });
});
