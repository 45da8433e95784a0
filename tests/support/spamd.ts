import { execFile, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findExecutable } from "../../tools/system-packages.js";
import { freePort } from "./free-port.js";

/**
 * One SpamAssassin daemon for the whole run (a vitest globalSetup step), so the deliverability gate
 * scores each email with `spamc` instead of starting `spamassassin` (and loading its rules) once per
 * email. spamd listens on a free loopback port with local tests only (`-L`, as `spamassassin -L`) and
 * no per-user config. Setup does not wait for it: only the deliverability suite needs it, and
 * `spamScore` waits until it answers, so other runs pay nothing for its start.
 */

const ENV_ADDRESS = "LEGWORK_TEST_SPAMD";
const ENV_LOG = "LEGWORK_TEST_SPAMD_LOG";
const READY_TIMEOUT_MS = 90_000;

export default async function setup(): Promise<() => Promise<void>> {
  const spamd = findExecutable("spamd");
  if (!spamd) throw new Error("spamd is not installed (apt-get install -y spamd spamc)");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "legwork-spamd-"));
  const log = join(dir, "spamd.log");
  const asRoot = process.getuid?.() === 0 ? ["--username=nobody"] : [];
  const args = ["--local", "--nouser-config", `--listen=127.0.0.1:${port}`, "--allowed-ips=127.0.0.1", "--syslog=stderr"];
  const child = spawn(spamd, [...args, "--max-children=2", "--min-children=1", ...asRoot], { stdio: ["ignore", "pipe", "pipe"] });
  const out = createWriteStream(log);
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  Object.assign(process.env, { [ENV_ADDRESS]: `127.0.0.1:${port}`, [ENV_LOG]: log });
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    out.end();
    rmSync(dir, { recursive: true, force: true });
  };
}

const run = promisify(execFile);
const spamc = (): string => findExecutable("spamc") ?? "spamc";

const address = (): { host: string; port: string } => {
  const value = process.env[ENV_ADDRESS];
  if (!value) throw new Error(`${ENV_ADDRESS} is not set: tests/support/spamd.ts must be a globalSetup step of this vitest config`);
  const [host, port] = value.split(":") as [string, string];
  return { host, port };
};

let ready: Promise<void> | undefined;

/** Resolves once spamd answers a PING; fails with its log when it does not within the timeout. */
export const spamdReady = (): Promise<void> =>
  (ready ??= (async () => {
    const { host, port } = address();
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      // `spamc -K` pings: it prints "SPAMD/1.5 0" and exits 0 once spamd answers.
      const pong = await run(spamc(), ["-d", host, "-p", port, "-K"]).then(
        () => true,
        () => false,
      );
      if (pong) return;
      if (Date.now() > deadline) {
        const log = process.env[ENV_LOG] ? readFileSync(process.env[ENV_LOG], "utf8").slice(-2_000) : "";
        throw new Error(`spamd did not answer on ${host}:${port} within ${READY_TIMEOUT_MS} ms:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })());

/**
 * The SpamAssassin score of one raw message, as `spamassassin -L -t` would give it, from the run's
 * spamd. `-x`: a spamd that cannot be reached is an error, never an unscored pass.
 */
export const spamScore = async (raw: Buffer): Promise<number> => {
  await spamdReady();
  const { host, port } = address();
  const child = execFile(spamc(), ["-x", "-d", host, "-p", port], { maxBuffer: 10 * 1024 * 1024, encoding: "utf8" });
  const output = new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: string) => (text += chunk));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`spamc exited ${code}`))));
  });
  child.stdin!.end(raw);
  const match = /^X-Spam-Status: (?:Yes|No), score=(-?[\d.]+)/m.exec(await output);
  if (!match) throw new Error("spamc printed no score");
  return Number(match[1]);
};
