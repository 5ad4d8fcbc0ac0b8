import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "server/db/generated/**", "node_modules/**", "var/**", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", fetch: "readonly", window: "readonly", WebAssembly: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/db/client.server*"], message: "Routes reach data through context.trpc, never Prisma." }] }],
    },
  },
  {
    // Only route modules and components are held to the no-Prisma rule.
    files: ["server/**", "jobs/**", "prisma/**", "scripts/**", "tests/**", "e2e/**", "bench/**", "*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
