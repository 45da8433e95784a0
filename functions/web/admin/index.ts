import type { Deps } from "../../wiring.js";
import type { HttpEvent, HttpResult } from "../shared/http.js";
import { getAdmin, getSignIn, postSignIn, postSignOut } from "./routes-auth.js";
import { RESUME_PATH, RUNNER_PATH, getRunner, getRunners, getTestSend, getTriage, postResume, postTestSend } from "./routes-data.js";

type Route = (event: HttpEvent, deps: Deps) => Promise<HttpResult>;

/** The private operator dashboard (contract in design/product.md). */
export const ADMIN_ROUTES: Record<string, Route> = {
  "GET /admin": getAdmin,
  "GET /admin/sign-in": getSignIn,
  "POST /admin/sign-in": postSignIn,
  "POST /admin/sign-out": postSignOut,
  "GET /admin/triage": getTriage,
  "GET /admin/runners": getRunners,
  "GET /admin/test-send": getTestSend,
  "POST /admin/test-send": postTestSend,
};

/** Routes with an id in the path. */
export const ADMIN_PATTERN_ROUTES: { method: string; pattern: RegExp; route: Route }[] = [
  { method: "GET", pattern: RUNNER_PATH, route: getRunner },
  { method: "POST", pattern: RESUME_PATH, route: postResume },
];
