// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/store/generated/", "coverage/", ".mutual/", "scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // The core stays platform-neutral: no SDK, queue or database module may be imported there.
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@slack/*", "discord.js", "@discordjs/*", "bullmq", "ioredis", "@prisma/*", "pg", "@electric-sql/*", "pglite-prisma-adapter", "pino", "prom-client"], message: "src/core must not import SDKs, queues or databases; add a port in src/core/ports.ts." },
            { group: ["../store/*", "../scheduler/*", "../adapters/*", "../../store/*", "../../scheduler/*", "../../adapters/*"], message: "src/core must not depend on outer layers." },
          ],
        },
      ],
    },
  },
);
