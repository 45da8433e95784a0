/**
 * Loopback stand-ins for the AWS services Legwork uses that have no local engine, so the statement-removal
 * check exercises every permission through the real SDK clients: S3 (path style: Put, Get, Head, Delete,
 * ListObjectsV2), SQS (SendMessage, SendMessageBatch; messages wait until a consumer drains the queue), SNS
 * (Publish, recorded) and Secrets Manager (GetSecretValue). A key containing "fail-" answers S3 503 (fault
 * injection for the on-failure destination).
 */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandIns {
  endpoint: string;
  objects: Map<string, Buffer>;
  /** Messages waiting per queue name. */
  queues: Map<string, string[]>;
  published: { topicArn: string; message: string }[];
  secrets: Map<string, string>;
  /** A queue URL on this endpoint for a queue name. */
  queueUrl(name: string): string;
  close(): Promise<void>;
}

const read = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const md5 = (s: string) => createHash("md5").update(s, "utf8").digest("hex");

const s3 = (standIns: StandIns, method: string, url: URL, body: Buffer, res: ServerResponse): void => {
  const [bucket = "", ...rest] = url.pathname.slice(1).split("/");
  const key = decodeURIComponent(rest.join("/"));
  const id = `${bucket}/${key}`;
  if (key.includes("fail-")) return void res.writeHead(503).end("<Error><Code>ServiceUnavailable</Code></Error>");
  if (method === "GET" && !key) {
    const prefix = url.searchParams.get("prefix") ?? "";
    const keys = [...standIns.objects.keys()].filter((k) => k.startsWith(`${bucket}/${prefix}`)).map((k) => k.slice(bucket.length + 1));
    const contents = keys.map(
      (k) => `<Contents><Key>${xml(k)}</Key><Size>${standIns.objects.get(`${bucket}/${k}`)!.length}</Size></Contents>`,
    );
    res.writeHead(200, { "content-type": "application/xml" });
    return void res.end(
      `<ListBucketResult><Name>${bucket}</Name><KeyCount>${keys.length}</KeyCount><IsTruncated>false</IsTruncated>${contents.join("")}</ListBucketResult>`,
    );
  }
  if (method === "PUT")
    return void (standIns.objects.set(id, body), res.writeHead(200, { etag: `"${md5(body.toString("latin1"))}"` }).end());
  if (method === "DELETE") return void (standIns.objects.delete(id), res.writeHead(204).end());
  const object = standIns.objects.get(id);
  if (!object) {
    res.writeHead(404, { "content-type": "application/xml" });
    return void res.end(
      method === "HEAD" ? undefined : `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`,
    );
  }
  res.writeHead(200, { "content-length": String(object.length), "content-type": "message/rfc822" });
  res.end(method === "HEAD" ? undefined : object);
};

type Json = Record<string, unknown>;

const jsonTarget = (standIns: StandIns, target: string, input: Json): { status: number; body: Json } => {
  const queue = (url: unknown) => standIns.queues.get(String(url).split("/").pop() ?? "") ?? [];
  const enqueue = (url: unknown, body: string) => standIns.queues.set(String(url).split("/").pop() ?? "", [...queue(url), body]);
  if (target === "AmazonSQS.SendMessage") {
    enqueue(input["QueueUrl"], String(input["MessageBody"]));
    return { status: 200, body: { MessageId: randomUUID(), MD5OfMessageBody: md5(String(input["MessageBody"])) } };
  }
  if (target === "AmazonSQS.SendMessageBatch") {
    const entries = (input["Entries"] as { Id: string; MessageBody: string }[]) ?? [];
    for (const e of entries) enqueue(input["QueueUrl"], e.MessageBody);
    return {
      status: 200,
      body: { Successful: entries.map((e) => ({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(e.MessageBody) })), Failed: [] },
    };
  }
  if (target === "secretsmanager.GetSecretValue") {
    const secret = standIns.secrets.get(String(input["SecretId"]));
    if (secret) return { status: 200, body: { ARN: input["SecretId"], Name: input["SecretId"], SecretString: secret } };
    return { status: 400, body: { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." } };
  }
  return { status: 400, body: { __type: "UnknownOperationException", message: target } };
};

const handle = async (standIns: StandIns, req: IncomingMessage, res: ServerResponse): Promise<void> => {
  const body = await read(req);
  const url = new URL(req.url ?? "/", "http://stand-in");
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") {
    const out = jsonTarget(standIns, target, JSON.parse(body.toString("utf8") || "{}") as Json);
    res.writeHead(out.status, {
      "content-type": "application/x-amz-json-1.0",
      ...(out.status >= 400 ? { "x-amzn-errortype": String(out.body["__type"]) } : {}),
    });
    return void res.end(JSON.stringify(out.body));
  }
  const form = new URLSearchParams(body.toString("utf8"));
  if (req.method === "POST" && form.get("Action") === "Publish") {
    standIns.published.push({ topicArn: form.get("TopicArn") ?? "", message: form.get("Message") ?? "" });
    res.writeHead(200, { "content-type": "text/xml" });
    return void res.end(
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></PublishResponse>`,
    );
  }
  s3(standIns, req.method ?? "GET", url, body, res);
};

/** Starts the stand-ins on a free loopback port. */
export const startStandIns = async (): Promise<StandIns> => {
  const server = createServer((req, res) => void handle(standIns, req, res).catch(() => res.writeHead(500).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standIns: StandIns = {
    endpoint,
    objects: new Map(),
    queues: new Map(),
    published: [],
    secrets: new Map(),
    queueUrl: (name) => `${endpoint}/000000000000/${name}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  return standIns;
};
