/**
 * The real local stack as a separate process, the way `npm start` runs it, plus the operator CLI as a
 * subprocess, for smoke tests of the wiring (infra/local/start.ts, cli/main.ts).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo, Server } from "node:net";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { StoredEmail } from "./stack.js";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `npm start`'s defaults: a spawned stack never uses them, so it cannot clash with a developer's. */
export const DEFAULT_LOCAL_PORTS: readonly number[] = [3000, 8005, 8000, 2525];

export interface StackPorts {
  web: number;
  ses: number;
  dynamodb: number;
  smtp: number;
}

const listenOnFreePort = (): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });

/** Four distinct free loopback ports (held open together while picked, so they differ), never a default one. */
export const freeStackPorts = async (): Promise<StackPorts> => {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < 4) {
      const server = await listenOnFreePort();
      held.push(server);
      const { port } = server.address() as AddressInfo;
      if (!DEFAULT_LOCAL_PORTS.includes(port)) ports.push(port);
    }
  } finally {
    await Promise.all(held.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
  const [web, ses, dynamodb, smtp] = ports as [number, number, number, number];
  return { web, ses, dynamodb, smtp };
};

/** Inherited variables a child may see; everything else (the test run's own endpoints, keys, tables) is left out. */
const PASSED_THROUGH = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "USER", "SHELL"];

/**
 * The environment for the stack and the CLI: only the basics inherited, so the vitest run's
 * SES_ENDPOINT, DYNAMODB_ENDPOINT, LEGWORK_* and AWS_* settings never leak in; the stack's own
 * defaults (infra/local/env.ts) then apply to the given ports and data folder.
 */
export const stackEnv = (ports: StackPorts, dataDir: string, extra: Record<string, string> = {}): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    PORT: String(ports.web),
    SES_PORT: String(ports.ses),
    DYNAMODB_PORT: String(ports.dynamodb),
    SMTP_PORT: String(ports.smtp),
    LEGWORK_DATA_DIR: dataDir,
    ...extra,
  };
};

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedStack {
  child: ChildProcess;
  /** Everything printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (at once if it already has). */
  exited: Promise<Exit>;
  /** Resolves with the first match in stdout; rejects on timeout or if the process exits first. */
  waitForStdout(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Sends `signal` and resolves with the exit and how long it took; SIGKILLs after `timeoutMs`. */
  stop(signal: NodeJS.Signals, timeoutMs: number): Promise<Exit & { ms: number }>;
  /** SIGKILL if still running; safe to call any time. */
  kill(): void;
}

/** Spawns `node --import tsx infra/local/start.ts` (what `npm start` runs) with exactly `env`. */
export const spawnStack = (env: Record<string, string>): SpawnedStack => {
  const child = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let exit: Exit | undefined;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    notify();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
      notify();
    });
  });
  // A spawn failure (no node binary) surfaces as an exit for the waiters.
  child.once("error", (error) => {
    err += `spawn error: ${error.message}\n`;
    exit ??= { code: null, signal: null };
    notify();
  });

  const waitForStdout = (pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(out);
        if (match) return done(() => resolve(match));
        if (exit)
          return done(() =>
            reject(new Error(`the stack exited (${JSON.stringify(exit)}) before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`)),
          );
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} on stdout within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`))),
        timeoutMs,
      );
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const kill = (): void => {
    if (!exit && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };

  const stop = async (signal: NodeJS.Signals, timeoutMs: number): Promise<Exit & { ms: number }> => {
    const started = Date.now();
    if (exit) return { ...exit, ms: 0 };
    const timer = setTimeout(kill, timeoutMs);
    child.kill(signal);
    const result = await exited;
    clearTimeout(timer);
    return { ...result, ms: Date.now() - started };
  };

  return { child, stdout: () => out, stderr: () => err, exited, waitForStdout, stop, kill };
};

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the operator CLI (`node --import tsx cli/main.ts …`) as a subprocess with exactly `env`. */
export const runCli = (args: string[], env: Record<string, string>, timeoutMs: number): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", ...args], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`legwork ${args.join(" ")} did not finish within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

/** Every email the stack's SES viewer holds for one recipient, oldest first (its `/store` HTTP API). */
export const viewerEmailsTo = async (sesEndpoint: string, address: string): Promise<StoredEmail[]> => {
  const res = await fetch(`${sesEndpoint}/store`);
  if (!res.ok) throw new Error(`${sesEndpoint}/store answered ${res.status}`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  return emails.filter((e) => e.destination.to.some((t) => t.toLowerCase().includes(address.toLowerCase())));
};

/**
 * Probes until it returns something, with a deadline: for effects that land a little after the
 * action that caused them. Rejects naming `what` if the deadline passes.
 */
export const pollFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 200): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};

/** Every item in a table of the stack's dynalite, sorted by key, for "nothing changed" assertions. */
export const scanStackTable = async (dynamodbEndpoint: string, table: string): Promise<Record<string, unknown>[]> => {
  const client = new DynamoDBClient({
    region: "eu-west-1",
    endpoint: dynamodbEndpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const doc = DynamoDBDocumentClient.from(client);
  try {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.sort((a, b) => `${String(a["pk"])}|${String(a["sk"])}`.localeCompare(`${String(b["pk"])}|${String(b["sk"])}`));
  } finally {
    client.destroy();
  }
};
