import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface BenchEngines {
  dynamodbEndpoint: string;
  sesEndpoint: string;
  /** The engines' process ids, dynalite's then SES's (for CPU accounting in reports). */
  pids: number[];
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./engines-child.ts", import.meta.url));

interface EngineChild {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

const spawnEngine = async (engine: "dynamodb" | "ses", env: Record<string, string>): Promise<EngineChild> => {
  // e.g. LEGWORK_BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the engines too.
  const extra = (process.env["LEGWORK_BENCH_ENGINE_NODE_ARGS"] ?? "").split(/\s+/).filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...extra, "--import", "tsx", CHILD], {
    stdio: ["pipe", "pipe", "inherit"],
    env: {
      ...process.env,
      ...env,
      BENCH_ENGINE: engine,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", (l) => {
      rl.close();
      child.stdout!.resume(); // anything the engine prints later is discarded, never left to fill the pipe
      resolve(l);
    });
    child.once("exit", (code) => reject(new Error(`bench ${engine} engine exited early (code ${code})`)));
    child.once("error", reject);
  });
  const info = JSON.parse(line) as { endpoint: string; pid: number };
  return {
    ...info,
    stop: async () => {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
};

/**
 * Starts dynalite (in memory) and aws-ses-v2-local, each in a child process of its own, on free
 * loopback ports. The bench keeps the code it measures in its own process and each engine in one of
 * its own, as DynamoDB and SES are separate services: no number includes another side's CPU time on
 * the same event loop, and neither engine's work queues behind the other's.
 */
export const spawnEngines = async (options: { table: string; maxSendRate?: number }): Promise<BenchEngines> => {
  const [dynamodb, ses] = await Promise.all([
    spawnEngine("dynamodb", { BENCH_TABLE: options.table }),
    spawnEngine("ses", { BENCH_MAX_SEND_RATE: String(options.maxSendRate ?? 100_000) }),
  ]);
  return {
    dynamodbEndpoint: dynamodb.endpoint,
    sesEndpoint: ses.endpoint,
    pids: [dynamodb.pid, ses.pid],
    stop: async () => {
      await Promise.all([dynamodb.stop(), ses.stop()]);
    },
  };
};
