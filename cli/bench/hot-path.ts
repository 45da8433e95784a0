import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SendEmailCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { planSend, weeklyEmail } from "../../functions/app/dispatch.js";
import { Links } from "../../functions/app/links.js";
import { loadConfig } from "../../functions/config.js";
import { planAdvance } from "../../functions/domain/programme.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import { parseTokenKeys, signToken } from "../../functions/domain/tokens.js";
import { buildMime } from "../../functions/mail/mime.js";
import { prng } from "../../functions/lib/seeded.js";
import { benchRunner, benchRunnerId } from "./seed.js";

/** µs of CPU per email for each piece of the dispatcher's path, measured in this process without any I/O. */
export interface HotPath {
  /** weeklyEmail: plan, seven signed links, the precompiled render (html + text). */
  renderUs: number;
  /** Of which: the seven HMAC-signed link tokens. */
  tokensUs: number;
  /** buildMime (functions/mail: text quoted-printable, HTML base64), what SesMailer does before SendEmail. */
  mimeUs: number;
  /** planAdvance: the next slot in the runner's zone (Intl and @date-fns/tz offsets). */
  scheduleUs: number;
  /** One DynamoDB UpdateItem through the Document client (marshalling, middleware, signing), HTTP answered in-process. */
  sdkUpdateUs: number;
  /** One SES SendEmail (Raw, the real MIME size) through the SDK, HTTP answered in-process. */
  sdkSendEmailUs: number;
  /** The dispatcher's per-email CPU estimate: render + mime + schedule + 2 × update + send. */
  dispatchUs: number;
  /** What the send-only loop does per email: the SendEmail call alone. */
  sendOnlyUs: number;
}

/** An SDK request handler that answers every request at once with `body`: the SDK's own cost, no network. */
const answer = (contentType: string, body: string) => ({
  handle: async () => ({
    response: { statusCode: 200, headers: { "content-type": contentType }, body: Readable.from([Buffer.from(body)]) },
  }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
});

const perCall = async (runs: number, once: (i: number) => unknown): Promise<number> => {
  for (let i = 0; i < Math.min(500, runs); i++) await once(i); // warm-up
  const batches: number[] = [];
  for (let b = 0; b < 5; b++) {
    const start = performance.now();
    for (let i = 0; i < runs / 5; i++) await once(i);
    batches.push(((performance.now() - start) * 1000) / (runs / 5));
  }
  return Number(batches.sort((x, y) => x - y)[2]!.toFixed(1)); // median batch
};

/** SDK clients whose every request is answered in-process: their own cost without a network or engine. */
const stubClients = () => {
  const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };
  const ddb = new DynamoDBClient({
    region: "eu-west-1",
    endpoint: "http://127.0.0.1:9",
    credentials,
    requestHandler: answer("application/x-amz-json-1.0", "{}") as never,
  });
  const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
  const ses = new SESv2Client({
    region: "eu-west-1",
    endpoint: "http://127.0.0.1:9",
    credentials,
    requestHandler: answer("application/json", '{"MessageId":"m"}') as never,
  });
  return { ddb, doc, ses };
};

/** The dispatcher's claim write, as the SDK sees it. */
const claimUpdate = (id: string, now: Date): UpdateCommand =>
  new UpdateCommand({
    TableName: "legwork-bench",
    Key: { pk: `RUNNER#${id}`, sk: "PROFILE" },
    UpdateExpression: "SET claimWeek = :week, claimUntil = :until, claimId = :claim",
    ConditionExpression:
      "#status = :active AND week = :prev AND nextSendAt <= :now AND (attribute_not_exists(claimUntil) OR claimUntil <= :now)",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: {
      ":week": 1,
      ":prev": 0,
      ":until": now.toISOString(),
      ":claim": "c",
      ":active": "active",
      ":now": now.toISOString(),
    },
  });

export const measureHotPath = async (runs = 2000): Promise<HotPath> => {
  const config = loadConfig({
    LEGWORK_TOKEN_KEYS: JSON.stringify({ current: "h", h: "0".repeat(64) }),
    LEGWORK_BASE_URL: "https://coach.legwork.example",
  });
  const keys = parseTokenKeys(config.LEGWORK_TOKEN_KEYS!);
  const links = new Links(keys, config.LEGWORK_BASE_URL!, config.LEGWORK_REPLY_DOMAIN);
  const now = new Date();
  const runners = Array.from({ length: 200 }, (_, i) =>
    benchRunner(prng(i + 1), { id: benchRunnerId("hot", i), email: `hot${i}@bench.example.com`, nextSendAt: now, createdAt: now }),
  );
  const at = (i: number) => runners[i % runners.length]!;
  const emails = runners.map((r) => weeklyEmail(config, links, r, planSend(r), now));
  const mimes = await Promise.all(emails.map(buildMime));
  const { ddb, doc, ses } = stubClients();

  const renderUs = await perCall(runs, (i) => weeklyEmail(config, links, at(i), planSend(at(i)), now));
  const tokensUs = await perCall(runs, (i) => {
    for (const purpose of ["unsubscribe", "prefs", "checkin", "checkin", "checkin", "checkin", "checkin"] as const)
      signToken(keys, { purpose, runnerId: at(i).id, now });
  });
  const mimeUs = await perCall(runs / 2, (i) => buildMime(emails[i % emails.length]!));
  const scheduleUs = await perCall(runs, (i) => planAdvance(at(i), PROGRAMME_WEEKS, now));
  const sdkUpdateUs = await perCall(runs, (i) => doc.send(claimUpdate(at(i).id, now)));
  const sdkSendEmailUs = await perCall(runs / 2, (i) =>
    ses.send(new SendEmailCommand({ Content: { Raw: { Data: mimes[i % mimes.length]! } } })),
  );
  ddb.destroy();
  ses.destroy();
  const round = (n: number): number => Number(n.toFixed(1));
  return {
    renderUs,
    tokensUs,
    mimeUs,
    scheduleUs,
    sdkUpdateUs,
    sdkSendEmailUs,
    dispatchUs: round(renderUs + mimeUs + scheduleUs + 2 * sdkUpdateUs + sdkSendEmailUs),
    sendOnlyUs: sdkSendEmailUs,
  };
};
