/**
 * `npm run iam:check`: synthesizes the CDK app, starts the local engines and the AWS stand-ins, runs
 * Legwork's flows under each function's guarded role, then removes each role statement in turn and
 * prints one line per statement: the flow that failed without it and the denied call, or UNUSED.
 * Exit 1 when a flow fails with the full policy or a statement is unused.
 */
// Before the handlers load: their logger reads the level once (a denied call in a removal run logs an error).
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] = "true";
process.env["POWERTOOLS_LOG_LEVEL"] ??= "CRITICAL";
const { startEngines } = await import("../infra/local/stack.js");
const { runRemovalCheck } = await import("../infra/local/iam-check/check.js");
const { cachedLocalPolicies } = await import("../infra/local/iam/policies.js");
const { SYNTH_NAMES } = await import("../infra/local/iam/roles.js");
const { startStandIns } = await import("../infra/local/iam-check/stand-ins.js");
const { policies } = await cachedLocalPolicies(SYNTH_NAMES);
const engines = await startEngines({ dynamodbPort: 0, sesPort: 0, table: "legwork-iam-check", maxSendRate: 1000 });
const standIns = await startStandIns();
const env: Record<string, string | undefined> = {
  ...process.env,
  AWS_REGION: SYNTH_NAMES.region,
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  DYNAMODB_ENDPOINT: engines.dynamodbEndpoint,
  SES_ENDPOINT: engines.sesEndpoint,
};
Object.assign(process.env, {
  AWS_ENDPOINT_URL_SNS: standIns.endpoint,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: standIns.endpoint,
  AWS_ENDPOINT_URL_SQS: standIns.endpoint,
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
});
try {
  const report = await runRemovalCheck(
    { policies, standIns, env },
    (line) => process.stdout.write(`${line}\n`),
    process.argv.includes("--baseline"),
  );
  const broken = report.baseline.filter((r) => r.error || r.denied);
  const unused = report.statements.filter((s) => !s.failed).length;
  process.stdout.write(
    `${report.statements.length} statements, ${unused} unused; ${report.baseline.length} flows, ${broken.length} failing with the full policy\n`,
  );
  process.exitCode = unused || broken.length ? 1 : 0;
} finally {
  await standIns.close();
  await engines.stop();
}
