import { describe, expect, it } from "vitest";
import { measureRender } from "../../../functions/domain/render/bench.js";

describe("measureRender", () => {
  it("personalises a weekly email at least 100× faster than compiling its MJML", async () => {
    // Act
    const result = await measureRender({ mjmlRuns: 5, renderRuns: 3000 });
    // Assess
    expect(result.mjmlPerEmailMs).toBeGreaterThan(0);
    expect(result.precompiledPerEmailMs).toBeGreaterThan(0);
    expect(result.speedup).toBeGreaterThanOrEqual(100);
  });
});
