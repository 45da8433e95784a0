import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATED_FILE, generateTemplatesModule } from "../../../templates/build.js";

describe("precompiled templates", () => {
  it("functions/generated/templates.ts matches a fresh compile of templates/*.mjml (run npm run build:templates)", async () => {
    // Act
    const fresh = await generateTemplatesModule();
    // Assess: compare as booleans so a stale file reports a short message, not 20 KB of diff.
    const committed = readFileSync(GENERATED_FILE, "utf8");
    expect(committed === fresh, "functions/generated/templates.ts is stale: run npm run build:templates").toBe(true);
  });

  it("the renderer module graph never imports mjml", () => {
    const sources = ["index.ts", "week.ts", "notices.ts", "compose.ts", "layout.ts", "blocks.ts", "personalise.ts", "text.ts"].map((f) =>
      readFileSync(new URL(`../../../functions/domain/render/${f}`, import.meta.url), "utf8"),
    );
    for (const source of sources) expect(/from "mjml"|import\("mjml"\)|templates\/build/.test(source)).toBe(false);
  });
});
