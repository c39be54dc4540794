/**
 * `pdes train` + `pdes predict` end to end on a generated heat store: the ridge surrogate of a
 * linear problem must reproduce the solver's outputs; predictions go to .npy (read back by numpy
 * when available) and to a store that opens like a dataset. The training run, the refusals and
 * the four predictions run the CLI's main() in this process (docs/testing.md §Error paths in
 * process): what is tested is what the commands write and say, not a process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPython, runPython } from "../../__tests__/python.js";
import { openDataset } from "../../datasets/index.js";
import { makeField } from "../../core/index.js";
import * as tf from "@tensorflow/tfjs";
import { loadSurrogate, parseTrainConfig, readNpy, train, trainingDataFromDataset, writeNpy } from "../index.js";
import { pdesInProcess, type InProcessResult } from "../../scripts/__tests__/cli-in-process.js";
import { errorLines, generateStore, tempDir } from "./train-helpers.js";

const py = findPython(["numpy"]);
let dir: string;
let store: string;
let run: string;

/** The four predictions: npy, single, gsnn, linearised. */
let predicted: Record<"npy" | "single" | "gsnn" | "linearised", InProcessResult>;

beforeAll(async () => {
  dir = tempDir("predict");
  store = path.join(dir, "heat");
  run = path.join(dir, "run");
  await generateStore("heat1d", store, 40, 5, 16);
  const t = await pdesInProcess(["train", "--data", store, "--model", "ridge", "--backend", "cpu", "--out", run, "--quiet"]);
  expect(t.code, t.stderr).toBe(0);
  expect(t.stdout).toMatch(/^trained ridge \(272 parameters\)/);
  // The inputs of the predictions: a single-sample .npy, and a probabilistic GSNN's run.
  const ds = await openDataset(store);
  writeNpy(path.join(dir, "one.npy"), makeField([16, 1], (await ds.read("inputs", 2, 3, "float64")) as Float64Array));
  await tf.setBackend("cpu");
  const gsnn = path.join(dir, "gsnn-prob");
  const config = parseTrainConfig({ data: store, out: gsnn, model: "gsnn", modelConfig: { width: 4, depth: 1, probabilistic: true, injection: "learned", linearPathTaus: 2, projectionWidth: 8 }, epochs: 1, batchSize: 8, backend: "cpu" });
  await train({ config, data: await trainingDataFromDataset(ds), backend: "cpu", warn: () => {} });
  // Each is `pdes predict` as the bin runs it (its main()).
  predicted = {
    npy: await pdesInProcess(["predict", "--run", run, "--input", store, "--out", path.join(dir, "pred.npy"), "--backend", "cpu", "--quiet"]),
    single: await pdesInProcess(["predict", "--run", run, "--input", path.join(dir, "one.npy"), "--out", path.join(dir, "pred-store"), "--backend", "cpu", "--quiet"]),
    gsnn: await pdesInProcess(["predict", "--run", gsnn, "--input", store, "--out", path.join(dir, "gm.npy"), "--variance", path.join(dir, "gv.npy"), "--backend", "cpu", "--quiet"]),
    linearised: await pdesInProcess(["predict", "--run", run, "--input", store, "--out", path.join(dir, "lm.npy"), "--variance", path.join(dir, "lv.npy"), "--input-variance", "0.01", "--backend", "cpu", "--quiet"]),
  };
}, 600_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("pdes predict", () => {
  it("writes .npy means that match the solver's outputs (linear problem, ridge)", async () => {
    const out = path.join(dir, "pred.npy");
    const r = predicted.npy;
    expect(r.code, r.stderr).toBe(0);
    const pred = readNpy(out);
    expect(pred.shape).toEqual([40, 16, 1]);
    const ds = await openDataset(store);
    const truth = await ds.read("outputs", 0, 40, "float64");
    let err = 0;
    let norm = 0;
    for (let k = 0; k < truth.length; k++) {
      err += (pred.data[k]! - truth[k]!) ** 2;
      norm += truth[k]! ** 2;
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(1e-3);
    if (py === null) console.warn("skipping the numpy read-back: no python3 with numpy found");
    else {
      const s = runPython(py, `import numpy as np, sys\na = np.load(sys.argv[1] if len(sys.argv) > 1 else ${JSON.stringify(out)})\nprint(a.shape, a.dtype, repr(float(a[3, 5, 0])))`);
      expect(s.trim()).toBe(`(40, 16, 1) float64 ${String(pred.data[3 * 16 + 5])}`);
    }
  });

  it("writes a store that opens as a dataset, and accepts a single-sample .npy", async () => {
    const outStore = path.join(dir, "pred-store");
    const r = predicted.single;
    expect(r.code, r.stderr).toBe(0);
    const p = await openDataset(outStore);
    expect(p.n).toBe(1);
    expect(p.grid?.shape).toEqual([16]);
    const viaStore = await p.read("outputs", 0, 1, "float64");
    const npy = readNpy(path.join(dir, "pred.npy"));
    expect(Array.from(viaStore)).toEqual(Array.from(npy.data.slice(2 * 16, 3 * 16)));
  });

  it("writes means and variances of a probabilistic GSNN, equal to the library's in-process predictions", async () => {
    const out = path.join(dir, "gsnn-prob");
    const [mean, vari] = [path.join(dir, "gm.npy"), path.join(dir, "gv.npy")];
    const r = predicted.gsnn;
    expect(r.code, r.stderr).toBe(0);
    // The same backend as the CLI run: without it the library selects its own (auto: wasm).
    const s = await loadSurrogate(out, { backend: "cpu" });
    const ds = await openDataset(store);
    const x = makeField([40, 16, 1], (await ds.read("inputs", 0, 40, "float64")) as Float64Array);
    const p = await s.predictWithUncertainty(x);
    expect(Array.from(readNpy(mean).data)).toEqual(Array.from(p.mean.data));
    expect(Array.from(readNpy(vari).data)).toEqual(Array.from(p.variance.data));
    expect(p.variance.data.some((v) => v > 0)).toBe(true);
    s.dispose();
  });

  it("--input-variance: a deterministic model's linearised variance, equal to the library's; a bad --variance-method is a usage error", async () => {
    const vari = path.join(dir, "lv.npy");
    const r = predicted.linearised;
    expect(r.code, r.stderr).toBe(0);
    const s = await loadSurrogate(run, { backend: "cpu" });
    const ds = await openDataset(store);
    const x = makeField([40, 16, 1], (await ds.read("inputs", 0, 40, "float64")) as Float64Array);
    const p = await s.predictWithUncertainty(x, { inputVariance: 0.01 });
    expect(Array.from(readNpy(vari).data)).toEqual(Array.from(p.variance.data));
    // Linear map: the variance does not depend on the input.
    expect(p.variance.data[0]).toBeGreaterThan(0);
    expect(Math.abs(p.variance.data[0]! - p.variance.data[16]!) / p.variance.data[0]!).toBeLessThan(1e-4);
    s.dispose();
    const b = await pdesInProcess(["predict", "--run", run, "--input", store, "--out", path.join(dir, "bm.npy"), "--variance", path.join(dir, "bv.npy"), "--variance-method", "exact", "--backend", "cpu", "--quiet"]);
    expect(b.code).toBe(2);
    expect(errorLines(b.stderr)).toEqual(["pdes: error: --variance-method must be one of linearized, moments, got \"exact\""]);
    expect(fs.existsSync(path.join(dir, "bm.npy"))).toBe(false);
  });

  it("fails clearly for a wrong grid, and for --variance on a deterministic model", async () => {
    const bad = path.join(dir, "bad.npy");
    writeNpy(bad, makeField([2, 32, 1]));
    const r = await pdesInProcess(["predict", "--run", run, "--input", bad, "--out", path.join(dir, "x.npy"), "--backend", "cpu", "--quiet"]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(["pdes: error: input has shape [32], expected grid [16] (a ridge model is tied to its training resolution)"]);
    const v = await pdesInProcess(["predict", "--run", run, "--input", store, "--out", path.join(dir, "y.npy"), "--variance", path.join(dir, "v.npy"), "--backend", "cpu", "--quiet"]);
    expect(v.code).toBe(2);
    expect(errorLines(v.stderr)[0]).toMatch(/ridge model is deterministic/);
    expect(fs.existsSync(path.join(dir, "y.npy"))).toBe(false);
  });
});
