import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** The folders whose source the check reads, relative to the project root (tests are left out). */
export const SOURCE_ROOTS = ["cli", "functions", "infra", "templates", "tools"] as const;

/** What one import names: a file of the project, or a package (a builtin as `node:name`). */
export type Target = { kind: "file"; path: string } | { kind: "package"; name: string };

export interface ImportEdge {
  /** The importing file, relative to the root, with `/` separators. */
  from: string;
  /** The specifier as written, e.g. `../adapters/dynamodb/runners.js`. */
  specifier: string;
  target: Target;
}

const toPosix = (path: string): string => path.split(sep).join("/");

/** Every `.ts` source file under `dir` (declaration files and node_modules left out), sorted. */
const sourceFiles = (dir: string): string[] => {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
      return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
    })
    .sort();
};

/** The package an import names: `zod/mini` is `zod`, `@date-fns/tz/x` is `@date-fns/tz`, `fs` is `node:fs`. */
export const packageOf = (specifier: string): string => {
  if (specifier.startsWith("node:")) return specifier;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  return isBuiltin(name) ? `node:${name}` : name;
};

/** The project file a relative specifier names, as NodeNext resolves it from TypeScript source. */
const resolveFile = (root: string, fromFile: string, specifier: string): string => {
  const base = resolve(dirname(join(root, fromFile)), specifier);
  const candidates = [base.replace(/\.(m|c)?js$/, ".$1ts"), base, `${base}.ts`, join(base, "index.ts")];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? candidates[0]!;
  return toPosix(relative(root, found));
};

/** Every import, re-export and dynamic `import()` of every source file under the project root (each specifier once per file). */
export const readImports = (root: string): { files: string[]; edges: ImportEdge[] } => {
  const files = SOURCE_ROOTS.flatMap((dir) => sourceFiles(join(root, dir))).map((f) => toPosix(relative(root, f)));
  const edges = files.flatMap((from) =>
    [...new Set(ts.preProcessFile(readFileSync(join(root, from), "utf8"), true, true).importedFiles.map((f) => f.fileName))].map(
      (specifier): ImportEdge => {
        const relativeImport = specifier.startsWith("./") || specifier.startsWith("../");
        const target: Target = relativeImport
          ? { kind: "file", path: resolveFile(root, from, specifier) }
          : { kind: "package", name: packageOf(specifier) };
        return { from, specifier, target };
      },
    ),
  );
  return { files, edges };
};

/** The folder a project file sits in, e.g. `functions/domain/render`. */
export const folderOf = (file: string): string => file.slice(0, Math.max(0, file.lastIndexOf("/")));
