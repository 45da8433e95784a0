import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkDeps, formatReport } from "../../tools/check-deps.js";

const CLI = fileURLToPath(new URL("../../tools/check-deps.ts", import.meta.url));

/** A small project laid out as Legwork is, with every layer importing only what it may. */
const CLEAN: Record<string, string> = {
  "functions/domain/profile.ts": `import { z } from "zod/mini";\nimport { tzOffset } from "@date-fns/tz/tzOffset";\nexport const x = 1;\n`,
  "functions/domain/render/week.ts": `import { x } from "../profile.js";\nimport { createHmac } from "node:crypto";\nexport const y = x;\n`,
  "functions/ports/runners.ts": `import type { x } from "../domain/profile.js";\nexport interface Runners { get(): typeof x }\n`,
  "functions/adapters/dynamodb/runners.ts": `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nimport type { Runners } from "../../ports/runners.js";\nexport const r = 1;\n`,
  "functions/app/signup.ts": `import type { Runners } from "../ports/runners.js";\nimport { y } from "../domain/render/week.js";\nexport const s = y;\n`,
  "functions/handlers/web.ts": `import { s } from "../app/signup.js";\nimport { r } from "../adapters/dynamodb/runners.js";\nexport const h = () => import("../lib/log.js");\n`,
  "functions/lib/log.ts": `export const log = () => undefined;\n`,
  "infra/app.ts": `import "../functions/handlers/web.js";\n`,
  "cli/main.ts": `import { s } from "../functions/app/signup.js";\nimport { r } from "../functions/adapters/dynamodb/runners.js";\nexport const m = [s, r];\n`,
};

/**
 * Each planted import, the file it goes in, what the report must name, and how many violations it makes
 * (an import back up to a handler also closes a folder cycle: the handler imports that layer).
 */
const PLANTED: [string, string, string, RegExp, number][] = [
  [
    "domain imports an SDK",
    "functions/domain/profile.ts",
    `import "@aws-sdk/client-sesv2";`,
    /library not allowed in the domain: @aws-sdk\/client-sesv2/,
    1,
  ],
  [
    "domain reads the file system",
    "functions/domain/render/week.ts",
    `import { readFileSync } from "fs";`,
    /library not allowed in the domain: node:fs/,
    1,
  ],
  [
    "domain imports outside the domain",
    "functions/domain/profile.ts",
    `import { log } from "../lib/log.js";`,
    /outside the domain: functions\/lib\/log\.ts/,
    1,
  ],
  [
    "app imports an adapter",
    "functions/app/signup.ts",
    `import { r } from "../adapters/dynamodb/runners.js";`,
    /app reaches past its ports: functions\/adapters/,
    1,
  ],
  [
    "app imports the AWS SDK",
    "functions/app/signup.ts",
    `import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";`,
    /app reaches past its ports: @aws-sdk/,
    1,
  ],
  [
    "app imports a handler",
    "functions/app/signup.ts",
    `export { h } from "../handlers/web.js";`,
    /app reaches past its ports: functions\/handlers(.|\n)*folder cycle/,
    2,
  ],
  [
    "an adapter imports a use case",
    "functions/adapters/dynamodb/runners.ts",
    `const s = await import("../../app/signup.js");`,
    /adapter reaches up a layer: functions\/app/,
    1,
  ],
  [
    "an adapter imports a handler",
    "functions/adapters/dynamodb/runners.ts",
    `import "../../handlers/web.js";`,
    /adapter reaches up a layer: functions\/handlers(.|\n)*folder cycle/,
    2,
  ],
  [
    "Lambda code imports the CLI",
    "functions/lib/log.ts",
    `import "../../cli/main.js";`,
    /a function bundle would carry the CLI: cli\/main\.ts/,
    1,
  ],
  ["the CLI imports a CDK stack", "cli/main.ts", `import "../infra/app.js";`, /outside what the CLI may use: infra\/app\.ts/, 1],
  ["two folders import each other", "functions/lib/log.ts", `import "../../infra/app.js";`, /folder cycle: .*functions\/lib.*infra/, 1],
];

let root: string;
const write = (files: Record<string, string>) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
};
const violations = () => {
  const report = checkDeps(root);
  return { count: report.layers.length + report.cycles.length, text: formatReport(report).join("\n") };
};

describe("the dependency check", () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "legwork-deps-"));
    write(CLEAN);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("passes a tree whose layers import only what they may", () => {
    const { count, text } = violations();
    expect(text).toMatch(/check-deps: 9 files, \d+ imports: no violations$/);
    expect(count).toBe(0);
  });

  it.each(PLANTED)("fails when %s, and passes once the import is gone", (_label, file, line, named, count) => {
    // Prepare
    write({ [file]: `${line}\n${CLEAN[file]}` });
    // Act / Assess
    const planted = violations();
    expect(planted.count).toBe(count);
    expect(planted.text).toMatch(named);
    expect(planted.text).toContain(file);
    write({ [file]: CLEAN[file]! });
    expect(violations().count).toBe(0);
  });

  it("names every link of a longer cycle with the import that makes it", () => {
    write({ "functions/mail/a.ts": `import "../web/b.js";\n`, "functions/web/b.ts": `import "../lib/log.js";\n` });
    write({ "functions/lib/log.ts": `import "../mail/a.js";\n` });
    const { text } = violations();
    expect(text).toContain("folder cycle: functions/lib -> functions/mail -> functions/web -> functions/lib");
    expect(text).toContain(`functions/web/b.ts imports "../lib/log.js"`);
  });

  it("exits 1 from the command line on a violation and 0 once it is fixed", async () => {
    const run = (): Promise<{ code: number; out: string }> =>
      promisify(execFile)(process.execPath, ["--import", "tsx", CLI, root]).then(
        ({ stdout }) => ({ code: 0, out: stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, out: error.stdout }),
      );
    write({ "functions/app/signup.ts": `import "../handlers/web.js";\n${CLEAN["functions/app/signup.ts"]}` });
    const failing = await run();
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(/functions\/app\/signup\.ts: imports "\.\.\/handlers\/web\.js"/);
    write({ "functions/app/signup.ts": CLEAN["functions/app/signup.ts"]! });
    expect(await run()).toEqual({ code: 0, out: expect.stringMatching(/no violations\n$/) });
  });
});
