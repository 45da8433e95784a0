import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The one structured logger. Never log an email address, a name or reply text: log the runner id.
 */
export const logger = new Logger({ serviceName: process.env["POWERTOOLS_SERVICE_NAME"] ?? "legwork" });
