import { describe, expect, it } from "vitest";
import { measureRender } from "../../../cli/bench/render.js";

// Timing targets live in `npm run bench`; this pins only what the measurement reports.
describe("measureRender", () => {
  it("reports both per-email timings and their ratio", async () => {
    // Act
    const result = await measureRender({ mjmlRuns: 2, renderRuns: 200 });
    // Assess
    expect(result.mjmlPerEmailMs).toBeGreaterThan(0);
    expect(result.precompiledPerEmailMs).toBeGreaterThan(0);
    // Each printed time carries four significant figures (at most 0.05% off), and the speedup one
    // decimal place, so the quotient of the printed times is the speedup to within 0.05 + 0.15%.
    const quotient = result.mjmlPerEmailMs / result.precompiledPerEmailMs;
    expect(Math.abs(result.speedup - quotient)).toBeLessThanOrEqual(0.05 + quotient * 0.0015);
  });
});
