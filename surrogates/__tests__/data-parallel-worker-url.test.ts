/**
 * Where a data-parallel worker starts from when the pool runs from the TypeScript sources
 * (worker-url.ts): the tests' compiled copy of the package when PDES_TEST_CLI names one and it
 * holds the entry's compiled twin, else nothing (the caller falls back to tsx).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compiledWorkerUrl } from "../training/data-parallel/worker-url.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-worker-url-"));
const saved = process.env.PDES_TEST_CLI;
afterAll(() => {
  if (saved === undefined) delete process.env.PDES_TEST_CLI;
  else process.env.PDES_TEST_CLI = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("compiledWorkerUrl", () => {
  it("names the compiled twin in PDES_TEST_CLI's copy, and nothing without the copy or the file", () => {
    const entry = new URL("../training/data-parallel/grad-worker.ts", import.meta.url);
    const twin = path.join(dir, "dist/surrogates/training/data-parallel/grad-worker.js");
    process.env.PDES_TEST_CLI = path.join(dir, "bin/pdes.js");
    expect(compiledWorkerUrl(entry)).toBeNull();
    fs.mkdirSync(path.dirname(twin), { recursive: true });
    fs.writeFileSync(twin, "");
    expect(compiledWorkerUrl(entry)?.href).toBe(pathToFileURL(twin).href);
    expect(fileURLToPath(compiledWorkerUrl(entry)!)).toBe(twin);
    delete process.env.PDES_TEST_CLI;
    expect(compiledWorkerUrl(entry)).toBeNull();
  });
});
