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
  checkin = (runnerId: string, now: Date, score: number): string =>
    this.url("/checkin", "checkin", runnerId, now, `&score=${score}`);

  /** The per-runner signed reply address: replies carry their own proof of who they are about. */
  replyTo = (runnerId: string, now: Date): string =>
    `checkin+${signToken(this.keys, { purpose: "checkin", runnerId, now })}@${this.replyDomain}`;
}
