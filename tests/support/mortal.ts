/**
 * A dispatcher invocation that can die, as a fault-injecting wrapper around its adapters (the due repository
 * and the mailer): production code has no test seams. A death happens right after a chosen call landed (the
 * claim, SES accepting an email, the advance) or before the next runner is read. From then on the
 * invocation is dead for all its workers: a call it starts throws before it reaches DynamoDB or SES, and a
 * call already in flight throws once it lands, as if the process was gone by then (both reported to `onDead`).
 */
import type { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import type { DispatchDeps } from "../../functions/app/dispatch.js";
import type { OutgoingEmail } from "../../functions/mail/mime.js";
import type { Mailer } from "../../functions/ports/mailer.js";

/** The process died: nothing after it runs, nothing is cleaned up. */
export class ProcessDeath extends Error {
  override readonly name = "ProcessDeath";
}

type Step = "claim" | "send" | "advance" | "release";

/** A call of a dead invocation: refused before it started (`landed` false), or landed after the death. */
export interface DeadCall {
  step: Step;
  landed: boolean;
  runnerId?: string;
  /** The email's Message-ID (send, advance). */
  messageId?: string;
  /** The claim an advance or release was conditional on. */
  claimId?: string;
}

/** Where to die. Each hook runs after its call landed and says whether the process dies there. */
export interface DeathPlan {
  afterClaim?(runnerId: string, claimed: boolean): boolean;
  afterSend?(email: OutgoingEmail): boolean;
  afterAdvance?(runnerId: string): boolean;
  beforeNextRunner?(): boolean;
  onDead?(call: DeadCall): void;
}

export type DuePort = Pick<DynamoDueRepository, "due" | "claim" | "advance" | "release">;

export class MortalInvocation {
  dead = false;

  constructor(private readonly plan: DeathPlan = {}) {}

  private die(reason: string): never {
    this.dead = true;
    throw new ProcessDeath(`injected: died ${reason}`);
  }

  private alive(): void {
    if (this.dead) throw new ProcessDeath("the invocation is already dead");
  }

  /** Runs `call` if alive; once it lands, throws if the invocation died meanwhile or `dies` says to die now. */
  private async step<T>(what: Omit<DeadCall, "landed">, call: () => Promise<T>, dies: (out: T) => boolean | undefined): Promise<T> {
    if (this.dead) this.plan.onDead?.({ ...what, landed: false });
    this.alive();
    const out = await call();
    if (this.dead) this.plan.onDead?.({ ...what, landed: true });
    this.alive();
    if (dies(out)) this.die(`after the ${what.step}`);
    return out;
  }

  /** The due repository, mortal: the Query, claim, advance and release. */
  due<T extends DuePort>(inner: T): T {
    const wrapped: DuePort = {
      due: (now, pageSize) => this.runners(inner.due(now, pageSize)),
      claim: (runner, input) =>
        this.step(
          { step: "claim", runnerId: runner.id },
          () => inner.claim(runner, input),
          (claimed) => this.plan.afterClaim?.(runner.id, claimed),
        ),
      advance: (runnerId, write) =>
        this.step(
          { step: "advance", runnerId, messageId: write.sent.messageId, claimId: write.claimId },
          () => inner.advance(runnerId, write),
          () => this.plan.afterAdvance?.(runnerId),
        ),
      release: (runnerId, claimId) =>
        this.step(
          { step: "release", runnerId, claimId },
          () => inner.release(runnerId, claimId),
          () => false,
        ),
    };
    return new Proxy(inner, {
      get: (target, prop) => {
        if (prop in wrapped) return wrapped[prop as keyof DuePort];
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private async *runners<R>(source: AsyncGenerator<R>): AsyncGenerator<R> {
    for (;;) {
      this.alive();
      if (this.plan.beforeNextRunner?.()) this.die("between two runners");
      const item = await source.next();
      this.alive();
      if (item.done) return;
      yield item.value;
    }
  }

  /** The mailer, mortal: a send that lands in a dead invocation was accepted, and no advance follows it. */
  mailer(inner: Mailer): Mailer {
    return {
      send: (email) =>
        this.step(
          { step: "send", messageId: email.messageId },
          () => inner.send(email),
          () => this.plan.afterSend?.(email),
        ),
    };
  }

  /** A dispatcher's deps with its due repository and mailer made mortal. */
  deps<D extends Pick<DispatchDeps, "due" | "mailer">>(deps: D): D {
    return { ...deps, due: this.due(deps.due), mailer: this.mailer(deps.mailer) };
  }
}
