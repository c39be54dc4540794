/**
 * Bad configs are rejected by `pdes train` with one line naming the key, before anything is
 * written. The config cases run the CLI's main() in this process (the same parse, validation and
 * error line; docs/testing.md §Error paths in process); the flag case starts a process, for the
 * exit status itself.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { errorLines, pdes, tempDir } from "./train-helpers.js";

let dir: string;
let store: string;

beforeAll(() => {
  dir = tempDir("config");
  // Only its existence is checked before validation fails, so an empty directory will do.
  store = path.join(dir, "store");
  fs.mkdirSync(store);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cases: Array<[string, Record<string, unknown>, RegExp]> = [
  ["unknown key", { model: "mlp", epochz: 3 }, /config\.epochz is not a known config key/],
  ["string for a number", { model: "mlp", batchSize: "8" }, /config\.batchSize .*got "8"/],
  ["negative lr", { model: "mlp", lr: -0.01 }, /config\.lr .*got -0\.01/],
  ["missing data path", { model: "mlp", data: "does/not/exist" }, /config\.data does not exist, got "does\/not\/exist"/],
];

describe("pdes train with a bad config", () => {
  it.each(cases)("%s: one-line error naming the key, exit 2, no output directory", async (name, cfg, pattern) => {
    const file = path.join(dir, `${name.replace(/ /g, "-")}.json`);
    fs.writeFileSync(file, JSON.stringify({ data: store, ...cfg }));
    const out = path.join(dir, `out-${name.replace(/ /g, "-")}`);
    const r = await pdesInProcess(["train", "--config", file, "--out", out, "--backend", "cpu"]);
    expect(r.code).toBe(2);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pdes: error: /);
    expect(lines[0]).toMatch(pattern);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("a non-numeric flag names the flag", () => {
    const out = path.join(dir, "out-flag");
    const r = pdes(["train", "--data", store, "--model", "mlp", "--epochs", "ten", "--out", out]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([`pdes: error: --epochs must be a number, got "ten"`]);
    expect(fs.existsSync(out)).toBe(false);
  });
});
