import { describe, expect, it } from "vitest";
import { measureRender } from "../../../functions/domain/render/bench.js";

// Timing targets live in `npm run bench`; this pins only what the measurement reports.
describe("measureRender", () => {
  it("reports both per-email timings and their ratio", async () => {
    // Act
    const result = await measureRender({ mjmlRuns: 2, renderRuns: 200 });
    // Assess
    expect(result.mjmlPerEmailMs).toBeGreaterThan(0);
    expect(result.precompiledPerEmailMs).toBeGreaterThan(0);
    expect(result.speedup).toBeCloseTo(result.mjmlPerEmailMs / result.precompiledPerEmailMs, 1);
  });
});
