/**
 * What a training run means (docs/training.md): the relative losses compare physical fields,
 * epochs count from 1 everywhere, a run without a validation split saves its final weights and
 * claims no "best validation" epoch, and the library reports progress as it goes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeField } from "../../core/index.js";
import { decodeCheckpoint, listCheckpoints } from "../training/index.js";
import { parseTrainConfig, readMetrics, train, type EpochRecord, type EpochSummary, type FitProgress, type FitRecord, type StepProgress, type StepRecord, type TrainConfigInput, type TrainResult } from "../index.js";
import { smoothingData, tempDir } from "./train-helpers.js";

let dir: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  dir = tempDir("train-semantics");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Inputs have mean 2 and outputs mean 6 against a spread of about 1.8: a centred norm ‖y − ȳ‖
// is about a third of ‖y‖, so the two relative losses differ by a factor of about 3.
const data = smoothingData(40, 16);
let runs = 0;
const cfg = (extra: Partial<TrainConfigInput> = {}) =>
  parseTrainConfig({ data: "unused", out: path.join(dir, `run${runs++}`), model: "mlp", modelConfig: { hidden: [16] }, epochs: 3, batchSize: 8, lr: 3e-3, backend: "cpu", ...extra });
const epochRecs = (run: string) => readMetrics(run).filter((r): r is EpochRecord => r.type === "epoch");

/** The run's saved model on its validation samples, against the stored targets, in Float64 and physical units. */
async function validationErrors(r: TrainResult): Promise<{ physical: number; centred: number }> {
  const n = 16;
  const idx = r.source.val;
  const x = new Float64Array(idx.length * n);
  idx.forEach((s, k) => x.set(data.inputs.subarray(s * n, (s + 1) * n), k * n));
  const u = (await r.surrogate.predict(makeField([idx.length, n, 1], x))).data;
  const mean = r.source.normalizer.output.mean[0]!;
  let physical = 0;
  let centred = 0;
  idx.forEach((s, k) => {
    let e2 = 0;
    let y2 = 0;
    let c2 = 0;
    for (let j = 0; j < n; j++) {
      const y = data.outputs[s * n + j]!;
      e2 += (u[k * n + j]! - y) ** 2;
      y2 += y * y;
      c2 += (y - mean) ** 2;
    }
    physical += Math.sqrt(e2 / y2) / idx.length;
    centred += Math.sqrt(e2 / c2) / idx.length;
  });
  return { physical, centred };
}

describe("the relative L2 loss", () => {
  it("is ‖ŷ − y‖/‖y‖ in physical units by default (the saved model's validation loss equals it)", async () => {
    const r = await train({ config: cfg(), data });
    const { physical, centred } = await validationErrors(r);
    expect(r.meta.loss).toBe("rel-l2");
    expect(centred).toBeGreaterThan(2 * physical);
    // float32 model, Float64 reference.
    expect(Math.abs(r.bestValLoss! - physical)).toBeLessThan(1e-4 * physical);
  });

  it('"rel-l2-normalized" is the ratio on normalised values, ‖ŷ − y‖/‖y − ȳ‖ physically', async () => {
    const r = await train({ config: cfg({ loss: "rel-l2-normalized" }), data });
    const { centred } = await validationErrors(r);
    expect(r.meta.loss).toBe("rel-l2-normalized");
    expect(Math.abs(r.bestValLoss! - centred)).toBeLessThan(1e-4 * centred);
  });
});

describe("epochs and progress", () => {
  it("count from 1 in the progress events, metrics.jsonl, the result and surrogate.json", async () => {
    const steps: StepProgress[] = [];
    const epochs: EpochSummary[] = [];
    const r = await train({ config: cfg({ epochs: 3 }), data, onStep: (p) => steps.push(p), onEpoch: (e) => epochs.push(e) });
    // 32 training samples, batches of 8: 4 steps per epoch, one event per step and per epoch.
    expect(steps.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(steps.map((p) => p.epoch)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(steps.every((p) => p.batchesPerEpoch === 4 && p.epochs === 3 && Number.isFinite(p.loss) && p.lr > 0)).toBe(true);
    expect(epochs.map((e) => [e.epoch, e.epochs, e.step])).toEqual([[1, 3, 4], [2, 3, 8], [3, 3, 12]]);
    // The events carry what metrics.jsonl records.
    const recs = epochRecs(r.runDir);
    expect(recs.map((e) => [e.epoch, e.trainLoss, e.valLoss, e.best])).toEqual(epochs.map((e) => [e.epoch, e.trainLoss, e.valLoss, e.best]));
    expect(readMetrics(r.runDir).filter((x): x is StepRecord => x.type === "step").map((x) => x.epoch)).toEqual(steps.map((p) => p.epoch));
    const best = recs.reduce((a, b) => (b.valLoss! < a.valLoss! ? b : a));
    expect(r.bestEpoch).toBe(best.epoch);
    expect(JSON.parse(fs.readFileSync(path.join(r.runDir, "surrogate.json"), "utf8")).bestEpoch).toBe(best.epoch);
  });

  it("closed-form fits report as they finish, with what their metrics records hold", async () => {
    const fits: FitProgress[] = [];
    const r = await train({ config: cfg({ model: "gsnn", modelConfig: {}, epochs: 1 }), data, onFit: (f) => fits.push(f) });
    const recs = readMetrics(r.runDir).filter((x): x is FitRecord => x.type === "fit");
    expect(fits.map((f) => [f.when, f.epoch])).toEqual([["before", 0], ["after", 1]]);
    expect(fits.map((f) => [f.when, f.epoch, f.summary, f.valLoss])).toEqual(recs.map((x) => [x.when, x.epoch, x.summary, x.valLoss]));
  });

  it("a model fitted in closed form reports its one epoch as epoch 1", async () => {
    const epochs: EpochSummary[] = [];
    const r = await train({ config: cfg({ model: "ridge", modelConfig: {} }), data, onEpoch: (e) => epochs.push(e) });
    expect(epochs.map((e) => [e.epoch, e.epochs, e.best])).toEqual([[1, 1, true]]);
    expect(r.bestEpoch).toBe(1);
  });
});

describe("without a validation split", () => {
  it("saves the final weights, not the epoch of lowest running training loss, and claims no best epoch", async () => {
    // A large constant rate: the running training loss does not fall every epoch, so the
    // lowest-training-loss epoch is not the last one and the two choices differ.
    const r = await train({ config: cfg({ validationFraction: 0, epochs: 6, lr: 0.2 }), data });
    const recs = epochRecs(r.runDir);
    const lowest = recs.reduce((a, b) => (b.trainLoss < a.trainLoss ? b : a));
    expect(lowest.epoch).toBeLessThan(6);
    expect(recs.every((e) => e.valLoss === null && e.best === false)).toBe(true);
    expect([r.bestEpoch, r.bestValLoss, r.meta.bestEpoch, r.meta.bestValLoss, r.meta.finalValLoss]).toEqual([null, null, null, null, null]);
    // The saved model holds the weights of the last epoch-end checkpoint.
    const cks = listCheckpoints(path.join(r.runDir, "checkpoints"));
    const last = cks.at(-1)!;
    const ck = decodeCheckpoint<{ step: number }>(fs.readFileSync(last), last);
    expect(ck.meta.step).toBe(r.steps);
    const saved = r.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(saved.map((w, i) => Array.from(ck.arrays[`w/${i}`]!))).toEqual(saved);
  });

  it("resumes such a run (no kept weights in its checkpoints) and continues it exactly", async () => {
    const whole = await train({ config: cfg({ validationFraction: 0, epochs: 4, seed: 9 }), data });
    const part = cfg({ validationFraction: 0, epochs: 2, seed: 9 });
    await train({ config: part, data });
    const resumed = await train({ config: { ...part, epochs: 4 }, data, resume: true });
    expect(epochRecs(resumed.runDir).map((e) => [e.epoch, e.trainLoss])).toEqual(epochRecs(whole.runDir).map((e) => [e.epoch, e.trainLoss]));
    expect(resumed.bestEpoch).toBeNull();
  });
});
