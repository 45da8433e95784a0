import { LegworkError } from "../domain/errors.js";

/** The link is genuine but Legwork holds no runner for it (never existed, or deleted). */
export class RunnerNotFoundError extends LegworkError {
  constructor(message = "We hold nothing for this link. If you deleted your data, that is why.", options?: ErrorOptions) {
    super(message, options);
  }
}

/** The action does not fit the runner's current state (e.g. resume when not paused). The message is for the runner. */
export class StateConflictError extends LegworkError {}
