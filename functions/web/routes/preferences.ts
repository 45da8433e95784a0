import { dataToken } from "../../app/data-rights.js";
import { openPreferences, pause, preferencesOf, resume, savePreferences } from "../../app/preferences.js";
import { ValidationError } from "../../domain/errors.js";
import type { Runner } from "../../domain/profile.js";
import type { Deps } from "../../wiring.js";
import { Links } from "../../app/links.js";
import type { BodyFields, HttpEvent, HttpResult, ParsedBody } from "../shared/http.js";
import { baseUrlOf, errorBody, html, json, parseBody, query } from "../shared/http.js";
import { changesFromForm } from "../shared/profile-form.js";
import type { PreferencesValues } from "./preferences-page.js";
import { localWhen, preferencesPage, statusLine } from "./preferences-page.js";
import { withSubscriberErrors } from "./subscriber-errors.js";
import { requireToken } from "./tokens.js";

const ACTIONS = ["save", "pause", "resume"] as const;
type Action = (typeof ACTIONS)[number];

type PageInput = { runner: Runner; token: string; values?: PreferencesValues; errors?: ValidationError["fields"]; notice?: string };

const page = (event: HttpEvent, deps: Deps, status: number, input: PageInput) => {
  const unsubscribeUrl = new Links(deps.keys, "", deps.config.LEGWORK_REPLY_DOMAIN).unsubscribe(input.runner.id, deps.now());
  const unsubscribeToken = new URL(unsubscribeUrl, baseUrlOf(event, deps.config.LEGWORK_BASE_URL)).searchParams.get("token") ?? "";
  return html(status, preferencesPage({ ...input, dataToken: dataToken(deps, input.runner.id), unsubscribeUrl, unsubscribeToken }));
};

/** GET /preferences?token=: the form, prefilled. Reads only: link scanners follow GETs. */
export const getPreferences = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = requireToken(query(event, "token"));
  const runner = await withSubscriberErrors(() => openPreferences(deps, token));
  return page(event, deps, 200, { runner, token });
};

const bodyObject = (body: ParsedBody): Record<string, unknown> => {
  if (body.kind === "form") return body.value;
  if (body.kind === "empty") return {};
  if (!body.value || typeof body.value !== "object" || Array.isArray(body.value))
    throw new ValidationError("The request body must be a JSON object.", [{ path: "body", message: "must be an object" }]);
  return body.value as Record<string, unknown>;
};

const view = (runner: Runner) => ({
  status: runner.status,
  nextSendAt: runner.nextSendAt ?? null,
  pausedUntil: runner.pausedUntil ?? null,
  preferences: preferencesOf(runner),
});

/**
 * POST /preferences (token in the query or the body; a form or JSON). `action` is save (default),
 * pause (with `weeks`, 1-12) or resume. JSON saves are partial: fields left out keep their values.
 * Invalid input → 400 naming the fields (the form comes back with the errors), and nothing changes.
 */
export const postPreferences = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const body = parseBody(event);
  const fields = bodyObject(body);
  const text = (key: string): string | undefined => {
    const value = fields[key];
    const one = Array.isArray(value) ? value[0] : value;
    return typeof one === "string" ? one : undefined;
  };
  const token = requireToken(query(event, "token") ?? text("token"));
  const actionText = text("action") ?? "save";
  const action = ACTIONS.find((a) => a === actionText) as Action | undefined;
  const isForm = body.kind === "form";
  try {
    if (!action) throw new ValidationError("Unknown action.", [{ path: "action", message: `action must be one of ${ACTIONS.join(", ")}` }]);
    const runner = await withSubscriberErrors(async () => {
      if (action === "pause") return pause(deps, { token, weeks: text("weeks") ?? fields["weeks"] });
      if (action === "resume") return resume(deps, { token });
      const { token: _t, action: _a, ...rest } = fields;
      return savePreferences(deps, { token, changes: isForm ? changesFromForm(body.value as BodyFields) : rest });
    });
    if (!isForm) return json(200, view(runner));
    const until = action === "pause" && runner.pausedUntil ? localWhen(runner.pausedUntil, runner.timezone, false) : undefined;
    const notice = until
      ? `Paused. Your emails restart after ${until}.`
      : action === "resume"
        ? `Welcome back! ${statusLine(runner)}`
        : `Saved. ${statusLine(runner)}`;
    return page(event, deps, 200, { runner, token, notice });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    if (!isForm) return json(400, errorBody("invalid_input", error.message, error.fields));
    // Show the form again with what was typed; reading the runner also re-checks the token.
    const runner = await withSubscriberErrors(() => openPreferences(deps, token));
    return page(event, deps, 400, { runner, token, values: body.value as PreferencesValues, errors: error.fields });
  }
};
