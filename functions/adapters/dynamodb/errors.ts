import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

/** True when a conditional write lost its condition: the expected "someone else got there first". */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === "ConditionalCheckFailedException");

/** Awaits a conditional write: true when it landed, false when its condition failed (a named result, not an error). */
export const landed = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};
