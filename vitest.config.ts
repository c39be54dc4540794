import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/__tests__/**/*.test.ts"],
    exclude: ["**/node_modules/**", ".tmp/**", "dist/**"],
    // Hang guards only: tests bound their work (samples, steps, epochs), never their wall time,
    // since a shared 2-core machine can run them many times slower than a quiet one.
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
    // Two cores: run test files in two forks so CPU-heavy suites don't starve each other.
    pool: "forks",
    maxWorkers: 2,
  },
});
