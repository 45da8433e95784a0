import type { Config } from "../config.js";
import type { TokenKeys } from "../domain/tokens.js";
import type { Ports } from "../ports/index.js";

/**
 * Everything a use case may be given: settings, link keys, and the ports (the clock among them). The
 * composition root (functions/wiring.ts) builds it; each use case names the few it uses
 * (`Pick<AppDeps, ...>`), so a test hands it just those, real or fake.
 */
export interface AppDeps extends Ports {
  config: Config;
  keys: TokenKeys;
}
