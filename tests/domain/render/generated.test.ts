import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATED_FILE, generateTemplatesModule } from "../../../templates/build.js";

describe("precompiled templates", () => {
  it("functions/domain/render/generated/templates.ts matches a fresh compile of templates/*.mjml (run npm run build:templates)", async () => {
    // Act
    const fresh = await generateTemplatesModule();
    // Assess: compare as booleans so a stale file reports a short message, not 20 KB of diff.
    const committed = readFileSync(GENERATED_FILE, "utf8");
    expect(committed === fresh, "functions/domain/render/generated/templates.ts is stale: run npm run build:templates").toBe(true);
  });

  it("the renderer module graph never imports mjml", () => {
    // Every file of the renderer, the curriculum it reads and the personalisation both use.
    const sources = ["render", "curriculum", "personalise"].flatMap((folder) => {
      const dir = new URL(`../../../functions/domain/${folder}/`, import.meta.url);
      return readdirSync(dir)
        .filter((f) => f.endsWith(".ts"))
        .map((f) => readFileSync(new URL(f, dir), "utf8"));
    });
    expect(sources.length).toBeGreaterThan(30);
    for (const source of sources) expect(/from "mjml"|import\("mjml"\)|templates\/build/.test(source)).toBe(false);
  });
});
