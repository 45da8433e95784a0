import { deleteData, exportData } from "../../app/data-rights.js";
import { verifyToken } from "../../domain/tokens.js";
import type { Deps } from "../../wiring.js";
import type { HttpEvent, HttpResult } from "../shared/http.js";
import { first, header, html, json, parseBody } from "../shared/http.js";
import { messagePage } from "../shared/pages.js";
import { withSubscriberErrors } from "./subscriber-errors.js";
import { tokenFrom } from "./tokens.js";

/**
 * POST /api/export?token=<data token>: everything held on the runner as JSON, offered as a download
 * (the preferences page posts here). 404 when nothing is held (e.g. after deletion).
 */
export const postExport = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = tokenFrom(event);
  const data = await withSubscriberErrors(() => exportData(deps, token));
  return json(200, data, { "content-disposition": `attachment; filename="legwork-data-${data.exportedAt.slice(0, 10)}.json"` });
};

/**
 * POST /api/delete?token=<data token>: erases the profile, email item, check-ins and raw replies.
 * Idempotent. A form post (the preferences page) must carry confirm=yes and gets a page back; an API
 * call gets JSON.
 */
export const postDelete = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = tokenFrom(event);
  const body = parseBody(event);
  // An unticked form posts nothing at all, so the content type, not the body, says "form".
  const isForm =
    body.kind === "form" || /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(header(event, "content-type") ?? "");
  const confirmed = body.kind === "form" && first(body.value["confirm"]) === "yes";
  if (isForm && !confirmed) {
    // Check the token first, so a bad link says so rather than asking for a tick.
    await withSubscriberErrors(async () => verifyToken(deps.keys, token, "data", deps.now()));
    return html(400, messagePage("Please confirm", ["Nothing was deleted. Go back, tick the box to confirm, and press the button again."]));
  }
  const result = await withSubscriberErrors(() => deleteData(deps, token));
  if (isForm)
    return html(
      200,
      messagePage("Everything is deleted", [
        "We have deleted your profile, your check-ins and the replies you sent us. No more emails will come.",
        "If you ever want coaching again, you are welcome to sign up afresh.",
      ]),
    );
  return json(200, { status: "deleted", items: result.items, replies: result.replies });
};
