import type { Config } from "../config.js";
import type { TokenKeys, TokenPurpose } from "../domain/tokens.js";
import { signToken } from "../domain/tokens.js";

/** Builds the signed links that go into emails and pages. */
export class Links {
  constructor(
    private readonly keys: TokenKeys,
    private readonly baseUrl: string,
    private readonly replyDomain: string,
  ) {}

  private url(path: string, purpose: TokenPurpose, runnerId: string, now: Date, extra = ""): string {
    const token = signToken(this.keys, { purpose, runnerId, now });
    return `${this.baseUrl.replace(/\/+$/, "")}${path}?token=${token}${extra}`;
  }

  confirm = (runnerId: string, now: Date): string => this.url("/confirm", "confirm", runnerId, now);
  unsubscribe = (runnerId: string, now: Date): string => this.url("/unsubscribe", "unsubscribe", runnerId, now);
  preferences = (runnerId: string, now: Date): string => this.url("/preferences", "prefs", runnerId, now);
  checkin = (runnerId: string, now: Date, score: number): string => this.url("/checkin", "checkin", runnerId, now, `&score=${score}`);

  /** The per-runner signed reply address: replies carry their own proof of who they are about. */
  replyTo = (runnerId: string, now: Date): string =>
    `checkin+${signToken(this.keys, { purpose: "checkin", runnerId, now })}@${this.replyDomain}`;
}

/** Where links point when no request tells us: the configured public URL (CDK always sets it for
 * functions that email outside a request), else the local stack's web address. */
export const configuredBaseUrl = (config: Pick<Config, "LEGWORK_BASE_URL">): string => config.LEGWORK_BASE_URL ?? "http://127.0.0.1:3000";

/** Links for emails sent outside a web request (dispatcher, inbound replies, triage). */
export const linksOf = (deps: { config: Config; keys: TokenKeys }): Links =>
  new Links(deps.keys, configuredBaseUrl(deps.config), deps.config.LEGWORK_REPLY_DOMAIN);
