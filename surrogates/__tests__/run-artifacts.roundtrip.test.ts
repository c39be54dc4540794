/**
 * Every artifact a finished run is loaded from is checked (docs/safety.md §Checksums): random
 * bytes in weights.bin, an edited normaliser, a garbage model.json and an edited surrogate.json
 * each fail with a DatasetFormatError naming the file; predictions refuse NaN/Inf; an
 * evaluation record is sealed too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPdesError, makeField } from "../../core/index.js";
import { encodeEvaluationRecord, loadSurrogate, parseTrainConfig, train, type EvaluationRecord } from "../index.js";
import { readEvaluationRecord } from "../evaluation/index.js";
import { smoothingData, tempDir } from "./train-helpers.js";

let dir: string;
let run: string;
const N = 8;

beforeAll(async () => {
  await tf.setBackend("cpu");
  dir = tempDir("artifacts");
  run = path.join(dir, "run");
  const config = parseTrainConfig({ data: "unused", out: run, model: "ridge", backend: "cpu" });
  const res = await train({ config, data: smoothingData(24, N), backend: "cpu", warn: () => {} });
  res.surrogate.dispose();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A copy of the run with one file changed. */
function tampered(name: string, file: string, change: (b: Buffer) => Buffer | string): string {
  const copy = path.join(dir, name);
  fs.cpSync(run, copy, { recursive: true });
  fs.writeFileSync(path.join(copy, file), change(fs.readFileSync(path.join(copy, file))));
  return copy;
}

async function loadError(runDir: string): Promise<string> {
  try {
    (await loadSurrogate(runDir)).dispose();
  } catch (e) {
    if (isPdesError(e, "DatasetFormat")) return e.message;
    throw e;
  }
  throw new Error("loaded");
}

describe("loading a run checks its files", () => {
  it("loads the untouched run", async () => {
    const s = await loadSurrogate(run);
    expect(s.kind).toBe("ridge");
    s.dispose();
  });

  it("random bytes of the right length in weights.bin", async () => {
    const r = tampered("random-weights", "weights.bin", (b) => Buffer.from(b.map((_, i) => (i * 37 + 11) & 255)));
    expect(await loadError(r)).toBe(`${path.join(r, "weights.bin")}: checksum mismatch (corrupt or edited)`);
  });

  it("an edited std in normalizer.json (same length)", async () => {
    const r = tampered("edited-std", "normalizer.json", (b) => b.toString("utf8").replace(/("std": \[\s*)(\d)/, (_m, p: string, d: string) => p + String((Number(d) + 1) % 10)));
    expect(fs.readFileSync(path.join(r, "normalizer.json")).length).toBe(fs.readFileSync(path.join(run, "normalizer.json")).length);
    expect(await loadError(r)).toBe(`${path.join(r, "normalizer.json")}: checksum mismatch (corrupt or edited)`);
  });

  it("a garbage model.json", async () => {
    const r = tampered("garbage-model", "model.json", () => "garbage");
    expect(await loadError(r)).toMatch(new RegExp(`^${path.join(r, "model.json").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: has 7 bytes, expected \\d+`));
  });

  it("an edited surrogate.json, and one without checksums", async () => {
    const r = tampered("edited-meta", "surrogate.json", (b) => b.toString("utf8").replace('"steps": 0', '"steps": 1'));
    expect(await loadError(r)).toBe(`${path.join(r, "surrogate.json")}: checksum mismatch (corrupt or edited)`);
    const old = tampered("old-meta", "surrogate.json", (b) => JSON.stringify({ ...JSON.parse(b.toString("utf8")), version: 1 }));
    expect(await loadError(old)).toMatch(/surrogate\.json: was written by an older version without checksums/);
  });
});

describe("finite predictions", () => {
  it("an input far outside the training range gives an error, not Infinity", async () => {
    const s = await loadSurrogate(run);
    let err: unknown;
    try {
      await s.predict(makeField([2, N, 1], new Float64Array(2 * N).fill(1e300)));
    } catch (e) {
      err = e;
    }
    expect(isPdesError(err, "NonFinite")).toBe(true);
    expect((err as Error).message).toMatch(/^prediction contains (-?Infinity|NaN) at flat index 0; all values must be finite/);
    // An ordinary input still predicts.
    expect((await s.predict(makeField([1, N, 1], new Float64Array(N).fill(2)))).data.every(Number.isFinite)).toBe(true);
    s.dispose();
  });
});

describe("evaluation records", () => {
  const rec: EvaluationRecord = { format: "pdes-evaluation", version: 1, runDir: "r", kind: "ridge", parameterCount: 3, probabilistic: false, trainGrid: [8], backend: "cpu", entries: [] };

  it("are sealed: an edit is caught, NaN is refused before writing", () => {
    const file = path.join(dir, "evaluation.json");
    fs.writeFileSync(file, encodeEvaluationRecord(rec));
    expect(readEvaluationRecord(file)).toEqual(rec);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"parameterCount":3', '"parameterCount":4'));
    expect(() => readEvaluationRecord(file)).toThrow(/evaluation\.json: checksum mismatch/);
    expect(() => encodeEvaluationRecord({ ...rec, parameterCount: NaN })).toThrow(/^evaluation\.parameterCount contains NaN/);
  });
});
