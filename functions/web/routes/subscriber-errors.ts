import { RunnerNotFoundError, StateConflictError } from "../../app/subscriber-errors.js";
import { HttpError } from "../shared/http.js";

/** Subscriber-control errors as HTTP (404, 409); everything else goes on to the router's mapping. */
export const subscriberHttpError = (error: unknown): unknown => {
  if (error instanceof RunnerNotFoundError) return new HttpError(404, "not_found", error.message);
  if (error instanceof StateConflictError) return new HttpError(409, "conflict", error.message);
  return error;
};

export const withSubscriberErrors = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw subscriberHttpError(error);
  }
};
