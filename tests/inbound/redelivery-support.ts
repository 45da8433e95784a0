/**
 * Shared by the redelivery suites. A reply is recorded before it is acted on, and marked handled after. A
 * delivery that fails or dies in between is finished by the next delivery of the same message (Lambda's
 * retry); a delivery of a handled message, or of one another delivery is still acting on, changes nothing.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsRawMailStore } from "../../functions/adapters/fs/raw-mail.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { OutgoingEmail } from "../../functions/mail/mime.js";
import type { Deps } from "../../functions/wiring.js";
import { scanTable, testDeps } from "../support/stack.js";
import { inboundInput, mondayRunner, recordingAlerts, replyAddress, replyMime } from "./support.js";

export const NOW = new Date("2026-12-08T09:00:00Z"); // a Tuesday
export const TRIAGE_SUBJECT = /please get it checked/i;
export const SHIN = "Sharp pain in my left shin, and it's swollen. About a 6.";

export const setup = async () => {
  const clock = { now: NOW };
  const alerts = recordingAlerts();
  const deps: Deps = { ...(await testDeps({ now: () => clock.now })), alerts };
  Object.assign(deps, { rawMail: new FsRawMailStore(await mkdtemp(join(tmpdir(), "legwork-redelivery-"))) });
  const runner = await mondayRunner(deps);
  const to = replyAddress(deps, runner, NOW);
  const reply = async (text: string) => inboundInput(await replyMime({ from: runner.email, to, text }), to, NOW);
  return { deps, runner, to, alerts, clock, reply };
};

export const checkinItems = async (deps: Deps, runner: Runner) =>
  (await scanTable(deps)).filter((i) => i["pk"] === `RUNNER#${runner.id}` && String(i["sk"]).startsWith("CHECKIN#"));

/**
 * A delivery that hangs in its first send (a Lambda that is still running, or about to die): `reached`
 * resolves once it is there, and `die` makes that send fail, the way the run ends.
 */
export const stallFirstSend = (deps: Deps) => {
  let arrived!: () => void;
  let fail!: (error: Error) => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const stuck = new Promise<never>((_, reject) => (fail = reject));
  const real = deps.mailer.send.bind(deps.mailer);
  let first = true;
  deps.mailer.send = async (email: OutgoingEmail) => {
    if (!first) return real(email);
    first = false;
    arrived();
    return stuck;
  };
  return { reached, die: () => fail(new Error("Task timed out after 30.00 seconds")) };
};
