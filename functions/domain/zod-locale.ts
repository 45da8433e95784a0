import { config } from "zod/mini";
import { en } from "zod/locales";

/**
 * English issue messages for zod/mini ("Invalid input: expected string, received number", "Too big: ...").
 * Classic zod loads them by default; zod/mini loads none, so every module that declares a schema imports
 * this once. `en` is imported by name: `z.locales.en()` through the namespace bundles every locale (~260 KB).
 */
config(en());
