/** Base class of every error Legwork raises on purpose. */
export class LegworkError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** Input that breaks the contract; maps to 400 with the fields named. */
export class ValidationError extends LegworkError {
  constructor(
    message: string,
    readonly fields: FieldIssue[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
