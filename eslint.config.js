import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    // The domain states its needs as ports; it must never reach for an SDK directly.
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@slack/*", "@azure/*", "bullmq", "ioredis", "pino", "prom-client"],
              message: "The domain imports no SDK: declare a port and implement it in src/adapters.",
            },
            {
              group: ["**/adapters/**", "**/simulators/**", "**/app/**", "**/cli/**"],
              message: "The domain depends on nothing outside src/domain.",
            },
          ],
        },
      ],
    },
  },
  {
    // Use cases orchestrate ports; SDKs, Slack wording and wire details belong to the adapters.
    files: ["src/app/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@slack/*", "@azure/*", "bullmq", "ioredis", "pino", "prom-client"],
              message: "src/app imports no SDK: declare a port in src/app/ports and implement it in src/adapters.",
            },
            {
              group: ["**/adapters/**", "**/simulators/**", "**/cli/**", "**/runtime/**", "**/demo/**", "**/ops/**"],
              message: "src/app depends only on src/domain, src/config and itself.",
            },
          ],
        },
      ],
    },
  },
);
