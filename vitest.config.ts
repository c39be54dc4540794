import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/__tests__/**/*.test.ts"],
    exclude: ["**/node_modules/**", ".tmp/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: run test files in two forks so CPU-heavy suites don't starve each other.
    pool: "forks",
    maxWorkers: 2,
  },
});
