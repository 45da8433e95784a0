/**
 * Resolves CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split,
 * Fn::GetStackOutput) in synthesized templates to the names and ARNs the local stack uses: a fixed account,
 * the configured region, the local table and bucket names, and each other resource named by its logical id.
 */
type Template = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown }>;
};

export interface LocalNames {
  region: string;
  account: string;
  table: string;
  bucket: string;
}

export class UnresolvableError extends Error {}

export class Resolver {
  constructor(
    private readonly templates: Readonly<Record<string, Template>>,
    private readonly names: LocalNames,
  ) {}

  resource(stack: string, id: string): { Type: string; Properties?: Record<string, unknown> } {
    const resource = this.templates[stack]?.Resources?.[id];
    if (!resource) throw new UnresolvableError(`no resource ${id} in ${stack}`);
    return resource;
  }

  /** Follows Fn::GetStackOutput to the stack and value it names. */
  output(value: unknown): { stack: string; value: unknown } | undefined {
    const ref = (value as { "Fn::GetStackOutput"?: { StackName: string; OutputName: string } } | null)?.["Fn::GetStackOutput"];
    if (!ref) return undefined;
    const out = this.templates[ref.StackName]?.Outputs?.[ref.OutputName];
    if (!out) throw new UnresolvableError(`no output ${ref.OutputName} in ${ref.StackName}`);
    return { stack: ref.StackName, value: out.Value };
  }

  resolve(stack: string, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(stack, v));
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [key, arg] = entries[0] ?? [];
    if (entries.length !== 1 || !key || !(key === "Ref" || key.startsWith("Fn::")))
      return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(stack, v)]));
    return this.intrinsic(stack, key, arg);
  }

  string(stack: string, value: unknown): string {
    const out = this.resolve(stack, value);
    if (typeof out !== "string") throw new UnresolvableError(`not a string: ${JSON.stringify(value)}`);
    return out;
  }

  private intrinsic(stack: string, key: string, arg: unknown): unknown {
    switch (key) {
      case "Ref":
        return this.ref(stack, String(arg));
      case "Fn::GetAtt": {
        const [id, attr] = Array.isArray(arg) ? (arg as string[]) : String(arg).split(".");
        return this.att(stack, String(id), String(attr));
      }
      case "Fn::Join": {
        const [sep, parts] = arg as [string, unknown[]];
        return (this.resolve(stack, parts) as unknown[]).map((p) => this.string(stack, p)).join(sep);
      }
      case "Fn::Select": {
        const [i, list] = arg as [number, unknown];
        return (this.resolve(stack, list) as unknown[])[Number(i)];
      }
      case "Fn::Split": {
        const [sep, s] = arg as [string, unknown];
        return this.string(stack, s).split(sep);
      }
      case "Fn::Sub":
        return this.sub(stack, arg);
      case "Fn::GetStackOutput": {
        const out = this.output({ [key]: arg })!;
        return this.resolve(out.stack, out.value);
      }
      default:
        throw new UnresolvableError(`${key} is not resolved locally`);
    }
  }

  private sub(stack: string, arg: unknown): string {
    const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (name in vars) return this.string(stack, vars[name]);
      const [id, attr] = name.split(".");
      return attr ? this.string(stack, this.att(stack, id!, attr)) : this.string(stack, this.ref(stack, id!));
    });
  }

  private arn(service: string, resource: string, regional = true): string {
    return `arn:aws:${service}:${regional ? this.names.region : ""}:${regional ? this.names.account : ""}:${resource}`;
  }

  private name(stack: string, id: string): string {
    const { Type, Properties = {} } = this.resource(stack, id);
    if (Type === "AWS::DynamoDB::Table") return this.names.table;
    if (Type === "AWS::S3::Bucket") return this.names.bucket;
    if (Type === "AWS::SES::EmailIdentity") return String(Properties["EmailIdentity"]);
    return id;
  }

  private ref(stack: string, id: string): unknown {
    const { region, account } = this.names;
    const pseudo: Record<string, string> = {
      "AWS::Region": region,
      "AWS::AccountId": account,
      "AWS::Partition": "aws",
      "AWS::URLSuffix": "amazonaws.com",
      "AWS::StackName": stack,
    };
    if (id in pseudo) return pseudo[id];
    const { Type } = this.resource(stack, id);
    const name = this.name(stack, id);
    const byType: Record<string, () => string> = {
      "AWS::SQS::Queue": () => `https://sqs.${region}.amazonaws.com/${account}/${name}`,
      "AWS::SNS::Topic": () => this.arn("sns", name),
      "AWS::SecretsManager::Secret": () => this.arn("secretsmanager", `secret:${name}-AbCdEf`),
      "AWS::IAM::ManagedPolicy": () => `arn:aws:iam::${account}:policy/${name}`,
    };
    return byType[Type]?.() ?? name;
  }

  private att(stack: string, id: string, attr: string): unknown {
    const { Type } = this.resource(stack, id);
    const name = this.name(stack, id);
    const arns: Record<string, () => string> = {
      "AWS::DynamoDB::Table": () => this.arn("dynamodb", `table/${name}`),
      "AWS::S3::Bucket": () => `arn:aws:s3:::${name}`,
      "AWS::SQS::Queue": () => this.arn("sqs", name),
      "AWS::SNS::Topic": () => this.arn("sns", name),
      "AWS::KMS::Key": () => this.arn("kms", `key/${name}`),
      "AWS::SecretsManager::Secret": () => this.arn("secretsmanager", `secret:${name}-AbCdEf`),
      "AWS::Logs::LogGroup": () => this.arn("logs", `log-group:${name}:*`),
      "AWS::IAM::Role": () => `arn:aws:iam::${this.names.account}:role/${name}`,
      "AWS::Lambda::Function": () => this.arn("lambda", `function:${name}`),
    };
    if (attr === "Arn" && arns[Type]) return arns[Type]();
    if (attr === "QueueName" || attr === "TopicName") return name;
    throw new UnresolvableError(`${id}.${attr} (${Type}) is not resolved locally`);
  }
}
