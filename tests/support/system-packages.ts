import { ensureSystemPackages } from "../../tools/system-packages.js";

/**
 * The first globalSetup step of both vitest configs: the Debian packages the suites need are there
 * (installed now when this is root with apt-get), or the run stops before any test with the exact
 * `apt-get install` command, so no test fails halfway for a missing package.
 */
export default function setup(): void {
  ensureSystemPackages();
}
