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
    // A raw query's rows are typed by the zod row schema beside its SQL (server/db/rows.ts, decision 0018), never by a type argument.
    files: ["server/**", "jobs/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "TaggedTemplateExpression[tag.property.name=/^\\$queryRaw/][typeArguments], CallExpression[callee.property.name=/^\\$queryRaw/][typeArguments]",
          message: "Type a raw query's rows with a zod row schema: parseRows(Schema, await tx.$queryRaw`...`) (server/db/rows.ts).",
        },
      ],
    },
  },
  {
    // Only route modules and components are held to the no-Prisma rule.
    files: ["server/**", "jobs/**", "prisma/**", "scripts/**", "tests/**", "e2e/**", "bench/**", "*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
