import type { OperatorAction, OperatorSession, OperatorStore } from "../../../functions/ports/operator.js";
import type { ReplyMark, ReplySeen } from "../../../functions/ports/reply-seen.js";

/** The operator's links, sessions and action log in memory, with the DynamoDB adapter's rules (tests/contracts). */
export class MemoryOperatorStore implements OperatorStore {
  private readonly links = new Map<string, { operator: string; expiresAt: string }>();
  private readonly sessions = new Map<string, OperatorSession>();
  private readonly log: OperatorAction[] = [];

  async putSignInLink(nonce: string, operator: string, expiresAt: string): Promise<boolean> {
    if (this.links.has(nonce)) return false;
    this.links.set(nonce, { operator, expiresAt });
    return true;
  }

  async consumeSignInLink(nonce: string): Promise<{ operator: string; expiresAt: string } | undefined> {
    const link = this.links.get(nonce);
    this.links.delete(nonce);
    return link;
  }

  async putSession(session: OperatorSession): Promise<boolean> {
    if (this.sessions.has(session.id)) return false;
    this.sessions.set(session.id, { ...session });
    return true;
  }

  async getSession(id: string): Promise<OperatorSession | undefined> {
    const session = this.sessions.get(id);
    return session && { ...session };
  }

  async deleteSession(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async logAction(action: OperatorAction): Promise<void> {
    this.log.push({ ...action });
  }

  async recentActions(limit = 50): Promise<OperatorAction[]> {
    return [...this.log]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, limit)
      .map((a) => ({
        at: a.at,
        operator: a.operator,
        action: a.action,
        ...(a.runnerId ? { runnerId: a.runnerId } : {}),
        ...(a.detail ? { detail: a.detail } : {}),
      }));
  }
}

/** Reply marks in memory: each mark belongs to the first delivery that claimed it. */
export class MemoryReplySeen implements ReplySeen {
  private readonly owners = new Map<string, string>();

  async claim(runnerId: string, marks: Partial<Record<ReplyMark, string>>, deliveryId: string): Promise<ReplyMark | null> {
    for (const [mark, value] of Object.entries(marks) as [ReplyMark, string | undefined][]) {
      if (value === undefined || value === "") continue;
      const key = `${runnerId}|${mark}|${value}`;
      const owner = this.owners.get(key);
      if (owner !== undefined && owner !== deliveryId) return mark;
      this.owners.set(key, deliveryId);
    }
    return null;
  }
}
