/**
 * The dependency check: `npm run check:deps` (or `tsx tools/check-deps.ts [project root]`).
 * Fails when the domain imports outside the domain (bar its named libraries), the app layer imports an
 * adapter, the AWS SDK or a handler, an adapter imports the app layer or a handler, Lambda code imports
 * the CLI, the CLI imports CDK stack code, or any folders import each other in a cycle. Prints each
 * violation with the import that causes it.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FolderCycle } from "./deps/cycles.js";
import { folderCycles } from "./deps/cycles.js";
import { readImports } from "./deps/graph.js";
import type { RuleViolation } from "./deps/rules.js";
import { layerViolations } from "./deps/rules.js";

export interface DepsReport {
  files: number;
  imports: number;
  layers: RuleViolation[];
  cycles: FolderCycle[];
}

/** Reads every source file under `root` and checks its imports. */
export const checkDeps = (root: string): DepsReport => {
  const { files, edges } = readImports(root);
  return { files: files.length, imports: edges.length, layers: layerViolations(edges), cycles: folderCycles(edges) };
};

/** The report as lines of text, violations first, a one-line summary last. */
export const formatReport = (report: DepsReport): string[] => {
  const lines: string[] = [];
  for (const { rule, edge, reason } of report.layers) lines.push(`${edge.from}: imports "${edge.specifier}" (${reason}) [${rule}]`);
  for (const { folders, group, witnesses } of report.cycles) {
    const more = group.length > folders.length ? ` (one loop of ${group.length} folders that reach each other: ${group.join(", ")})` : "";
    lines.push(`folder cycle: ${[...folders, folders[0]].join(" -> ")}${more}`);
    for (const w of witnesses) lines.push(`  ${w.from} imports "${w.specifier}"`);
  }
  const count = report.layers.length + report.cycles.length;
  lines.push(
    `check-deps: ${report.files} files, ${report.imports} imports: ` +
      (count ? `${report.layers.length} layer violations, ${report.cycles.length} folder cycles` : "no violations"),
  );
  return lines;
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? fileURLToPath(new URL("..", import.meta.url)));
  const report = checkDeps(root);
  console.log(formatReport(report).join("\n"));
  process.exitCode = report.layers.length + report.cycles.length ? 1 : 0;
}
