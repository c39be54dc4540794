/**
 * The relatives' claims on a tiny budget (heat1d at 16 points, n_train 8 and 16, one epoch for
 * the gradient-trained baselines): every baseline is scored at every n_train and named in the
 * measurement; the GP operator's calibration under the noisy inputs is measured (finite NLL,
 * coverage in [0, 1]); each claim's pass follows its stated rule, checked with GSNN stand-in
 * rows and metrics on both sides of it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { generateDataset, openDataset } from "../../datasets/index.js";
import { type CompareRow, type EvaluationSet, type PredictionMetrics } from "../index.js";
import { evaluationSetFromDataset } from "../evaluation/index.js";
import { relativesClaims } from "../workflows/index.js";
import { tempDir } from "./train-helpers.js";

const dir = tempDir("relatives-claims");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const train = path.join(dir, "train");
const test = path.join(dir, "test");
let noisy: EvaluationSet;

beforeAll(async () => {
  await generateDataset({ problem: "heat1d", params: { resolution: 16 }, n: 16, seed: 1, out: train });
  await generateDataset({ problem: "heat1d", params: { resolution: 16 }, n: 8, seed: 2, out: test });
  const set = await evaluationSetFromDataset(await openDataset(test));
  const rng = new Rng(5);
  noisy = { ...set, inputs: { data: set.inputs.data.map((v) => v + 0.05 * rng.normal()), shape: set.inputs.shape } };
});

const stand = (model: string, nTrain: number, relL2Mean: number) => ({ model, kind: model, nTrain, seed: 0, relL2Mean }) as unknown as CompareRow;
const metrics = (coverage95: number) => ({ relL2: { mean: 0.1 }, probabilistic: { coverage95, nll: 0, crps: 0 } }) as unknown as PredictionMetrics;

describe("relatives claims", () => {
  it("score every baseline beside GSNN and FNO; pass follows each claim's rule", async () => {
    const run = (gsnnErr: number, gsnnCov: number) =>
      relativesClaims({
        out: path.join(dir, "out"),
        base: { nTrain: [8, 16], seeds: [0], epochs: 1, backend: "cpu", lr: 3e-3 },
        train,
        test,
        hooks: {},
        rows: [8, 16].flatMap((n) => [stand("gsnn", n, gsnnErr), stand("fno", n, 0.5)]),
        noisy,
        gsnnCalibration: metrics(gsnnCov),
        noiseLabel: "input noise σ = 0.05",
      });
    const good = await run(0, 0.95);
    expect(good).toHaveLength(2);
    for (const name of ["GSNN", "FNO", "DeepONet", "MLP", "ridge", "RBF", "GP"]) expect(good[0]!.measurement).toContain(`${name} `);
    expect(good[0]!.measurement).not.toMatch(/NaN/);
    expect(good[0]!.pass).toBe(true);
    const gp = /GP: coverage ([0-9.]+), NLL (-?[0-9.]+)/.exec(good[1]!.measurement);
    expect(gp).not.toBeNull();
    expect(Number(gp![1])).toBeGreaterThanOrEqual(0);
    expect(Number(gp![1])).toBeLessThanOrEqual(1);
    expect(Number.isFinite(Number(gp![2]))).toBe(true);
    expect(good[1]!.pass).toBe(true);
    // The same runs (reused), with a GSNN that loses to the RBF network and is badly calibrated.
    const bad = await run(1e9, -10);
    expect(bad[0]!.pass).toBe(false);
    expect(bad[1]!.pass).toBe(false);
  });
});
