import { operatorEmails } from "../../functions/config.js";
import { createSignInLink } from "../../functions/app/operator/auth.js";
import type { Deps } from "../../functions/wiring.js";

/**
 * A one-time /admin sign-in link for the first operator on the list, for `npm start` to print (valid
 * 15 minutes, single use; POST /admin/sign-in with the address sends a fresh one by email).
 */
export const devSignInLink = async (baseUrl: string, deps: Deps): Promise<string | undefined> => {
  const [operator] = operatorEmails(deps.config);
  if (!operator) return undefined;
  return `${await createSignInLink(deps, operator, baseUrl)}  (${operator}; one use, 15 min)`;
};
