import { clientAddress } from "../shared/client-address.js";
import type * as z from "zod/mini";
import { ValidationError } from "../../domain/errors.js";
import { signupSchema } from "../../domain/profile.js";
import { subscribe } from "../../app/signup.js";
import type { Deps } from "../../wiring.js";
import type { BodyFields, HttpEvent, HttpResult } from "../shared/http.js";
import { baseUrlOf, html, json, parseBody } from "../shared/http.js";
import { checkInboxPage, signupPage } from "../shared/pages.js";

export const ACCEPTED_BODY = {
  status: "accepted",
  message: "If this address can sign up, a confirmation email is on its way. Open it to start your coaching.",
};

const CONSENT_WORDS = new Set(["true", "on", "yes", "1"]);

/** Turns form fields into the shape the JSON API takes; zod then validates both the same way. */
const fromForm = (fields: BodyFields): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields))
    out[k] = k === "soreAreas" || k === "runDays" ? (Array.isArray(v) ? v : [v]) : Array.isArray(v) ? v[0] : v;
  if ("consent" in out) out["consent"] = CONSENT_WORDS.has(String(out["consent"]).toLowerCase());
  // An empty field is a field left out (the page's hidden time zone and units stay empty without script).
  for (const k of Object.keys(out)) if (out[k] === "" && k !== "email") delete out[k];
  return out;
};

/** zod issues as the contract's `fields`, named by top-level field. */
export const issuesOf = (error: z.core.$ZodError) =>
  error.issues.map((i) => ({
    path: i.path.length ? String(i.path[0]) : "body",
    message: i.message,
  }));

/** POST /api/subscribe: JSON or a form; 202 whatever the address, so no enumeration. */
export const postSubscribe = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const body = parseBody(event);
  const input = body.kind === "json" ? body.value : body.kind === "form" ? fromForm(body.value) : {};
  if (!input || typeof input !== "object" || Array.isArray(input))
    throw new ValidationError("The request body must be a JSON object.", [{ path: "body", message: "must be an object" }]);
  const parsed = signupSchema.safeParse(input);
  if (!parsed.success) {
    const fields = issuesOf(parsed.error);
    if (body.kind === "form") return html(400, signupPage(body.value, fields));
    throw new ValidationError(`Please check: ${[...new Set(fields.map((f) => f.path))].join(", ")}.`, fields);
  }
  // Honeypot: people never see the `website` field; bots fill it. Answer as usual, do nothing.
  const honeypot = (input as Record<string, unknown>)["website"];
  if (honeypot === undefined || honeypot === "") {
    await subscribe(deps, {
      signup: parsed.data,
      sourceIp: clientAddress(event.headers, event.requestContext.http.sourceIp, deps.config.LEGWORK_TRUST_VIEWER_ADDRESS),
      baseUrl: baseUrlOf(event, deps.config.LEGWORK_BASE_URL),
      consentSource: body.kind === "form" ? "signup-form" : "signup-api",
    });
  }
  return body.kind === "form" ? html(202, checkInboxPage(parsed.data.email)) : json(202, ACCEPTED_BODY);
};
