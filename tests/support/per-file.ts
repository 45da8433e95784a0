/**
 * A `setupFiles` entry of both vitest configs: runs before each test file, although files share a
 * worker's modules (isolate: false). Per-file state in shared modules is reset here.
 */
import { markFileStart } from "./stack.js";

markFileStart();
