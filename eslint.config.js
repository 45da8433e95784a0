import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "cdk.out/", ".legwork/", "coverage/", "functions/domain/render/generated/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // One job per file and per function in the code that ships or runs the project (tests are exempt).
    files: ["functions/**/*.ts", "infra/**/*.ts", "cli/**/*.ts", "tools/**/*.ts", "templates/**/*.ts"],
    rules: {
      "max-lines": ["error", { max: 250 }],
      "max-lines-per-function": ["error", { max: 60 }],
    },
  },
);
