/**
 * A stand-in for the AWS control plane a deployed Legwork has, on one loopback port: CloudFormation
 * DescribeStacks (the stack's outputs), Lambda GetFunctionConfiguration and Invoke (the functions run
 * in this process, against the local engines), and Secrets Manager GetSecretValue (the link keys).
 * The CLI reaches it through the real AWS SDK clients; only AWS_ENDPOINT_URL_* point here.
 */
import type { IncomingMessage, Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeStack {
  name: string;
  outputs: Record<string, string>;
  /** Function name → its environment (GetFunctionConfiguration) and what invoking it does. */
  functions: Record<string, { env: Record<string, string>; invoke?: (event: unknown) => Promise<unknown> }>;
  secrets: Record<string, string>;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const describeStacks = (stack: FakeStack, name: string | null): { status: number; body: string } => {
  if (name !== stack.name)
    return {
      status: 400,
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${xmlEscape(name ?? "")} does not exist</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
    };
  const outputs = Object.entries(stack.outputs)
    .map(([k, v]) => `<member><OutputKey>${xmlEscape(k)}</OutputKey><OutputValue>${xmlEscape(v)}</OutputValue></member>`)
    .join("");
  return {
    status: 200,
    body:
      `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>` +
      `<StackName>${xmlEscape(stack.name)}</StackName><StackId>arn:aws:cloudformation:eu-west-1:000000000000:stack/${xmlEscape(stack.name)}/1</StackId>` +
      `<StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>${outputs}</Outputs>` +
      `</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DescribeStacksResponse>`,
  };
};

const read = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });

/** Every call the fake answered, for "the SDK path really ran" assertions. */
export type Call = { service: "cloudformation" | "lambda" | "secretsmanager"; action: string; target?: string };

const lambda = async (stack: FakeStack, method: string, path: string, body: string, calls: Call[]) => {
  const m = /^\/2015-03-31\/functions\/([^/]+)\/(configuration|invocations)$/.exec(path);
  const fn = m ? stack.functions[decodeURIComponent(m[1]!)] : undefined;
  if (!m || !fn)
    return {
      status: 404,
      body: JSON.stringify({ Type: "User", message: "Function not found" }),
      headers: { "x-amzn-errortype": "ResourceNotFoundException" },
    };
  calls.push({
    service: "lambda",
    action: m[2] === "configuration" ? "GetFunctionConfiguration" : "Invoke",
    target: decodeURIComponent(m[1]!),
  });
  if (method === "GET")
    return { status: 200, body: JSON.stringify({ FunctionName: m[1], Environment: { Variables: fn.env } }), headers: {} };
  try {
    const result = await fn.invoke!(body ? JSON.parse(body) : null);
    return { status: 200, body: JSON.stringify(result ?? null), headers: {} };
  } catch (error) {
    return { status: 200, body: JSON.stringify({ errorMessage: String(error) }), headers: { "x-amz-function-error": "Unhandled" } };
  }
};

/** Starts the fake; `calls` grows with every request it answers. */
export const startFakeAws = async (stack: FakeStack): Promise<{ endpoint: string; calls: Call[]; close: () => Promise<void> }> => {
  const calls: Call[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const url = new URL(req.url ?? "/", "http://fake");
      const target = req.headers["x-amz-target"];
      if (typeof target === "string" && target.startsWith("secretsmanager.")) {
        const id = (JSON.parse(body) as { SecretId: string }).SecretId;
        calls.push({ service: "secretsmanager", action: "GetSecretValue", target: id });
        const secret = stack.secrets[id];
        res.writeHead(secret ? 200 : 400, {
          "content-type": "application/x-amz-json-1.1",
          ...(secret ? {} : { "x-amzn-errortype": "ResourceNotFoundException" }),
        });
        res.end(
          JSON.stringify(
            secret ? { ARN: id, Name: id, SecretString: secret } : { __type: "ResourceNotFoundException", message: "no such secret" },
          ),
        );
      } else if (url.pathname.startsWith("/2015-03-31/")) {
        const out = await lambda(stack, req.method ?? "GET", url.pathname, body, calls);
        res.writeHead(out.status, { "content-type": "application/json", ...out.headers });
        res.end(out.body);
      } else {
        const params = new URLSearchParams(body);
        calls.push({ service: "cloudformation", action: params.get("Action") ?? "?", target: params.get("StackName") ?? "" });
        const out = describeStacks(stack, params.get("StackName"));
        res.writeHead(out.status, { "content-type": "text/xml" });
        res.end(out.body);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
};
