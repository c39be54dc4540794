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
    // Test files share their worker's module cache: tfjs, the wasm backend and the library load
    // once per worker, not once per file (docs/testing.md). The setup file puts back what a file
    // changes in the process (environment, working directory, tfjs backend) after each file.
    isolate: false,
    setupFiles: ["__tests__/per-file-setup.ts"],
    // Once per run: a transpiled copy of the sources for tests that spawn the CLI many times.
    globalSetup: ["__tests__/cli-build.ts"],
  },
});
