import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

/** True when a conditional write lost its condition: the expected "someone else got there first". */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === "ConditionalCheckFailedException");
