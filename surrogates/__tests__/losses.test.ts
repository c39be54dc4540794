import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { gridPoints, isPdesError, makeGrid } from "../../core/index.js";
import { makeLoss } from "../index.js";
import { derivativeMatrix, gaussianNllLoss, h1Loss, mseLoss, relativeL2Loss } from "../training/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Deterministic pseudo-random values (no tfjs RNG involved). */
function values(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(seed * 12.9898 + i * 78.233) * 1.7 + 0.2 * ((i * seed) % 5);
  return a;
}

describe("pointwise losses against Float64 loops", () => {
  const shape = [3, 8, 2];
  const p = values(48, 1);
  const y = values(48, 2);

  it("relative L2 is the batch mean of per-sample ‖p − y‖/‖y‖", () => {
    let ref = 0;
    for (let b = 0; b < 3; b++) {
      let num = 0;
      let den = 0;
      for (let k = b * 16; k < (b + 1) * 16; k++) {
        num += (p[k]! - y[k]!) ** 2;
        den += y[k]! ** 2;
      }
      ref += Math.sqrt(num) / Math.sqrt(den) / 3;
    }
    const got = relativeL2Loss(tf.tensor(p, shape), tf.tensor(y, shape)).dataSync()[0]!;
    expect(Math.abs(got - ref)).toBeLessThan(1e-6 * ref);
  });

  it("relative losses undo the output normalisation: rel-l2 and h1 in physical units, rel-l2-normalized as given", () => {
    // Normalised tensors p, y (2 channels) with stats mean = [5, −3], std = [2, 0.5].
    const stats = { mean: [5, -3], std: [2, 0.5] };
    const phys = (a: Float32Array) => Float64Array.from(a, (v, k) => v * stats.std[k % 2]! + stats.mean[k % 2]!);
    const [pp, yp] = [phys(p), phys(y)];
    let ref = 0;
    let refNormalised = 0;
    for (let b = 0; b < 3; b++) {
      let [num, den, numN, denN] = [0, 0, 0, 0];
      for (let k = b * 16; k < (b + 1) * 16; k++) {
        num += (pp[k]! - yp[k]!) ** 2;
        den += yp[k]! ** 2;
        numN += (p[k]! - y[k]!) ** 2;
        denN += y[k]! ** 2;
      }
      ref += Math.sqrt(num / den) / 3;
      refNormalised += Math.sqrt(numN / denN) / 3;
    }
    const grid = makeGrid({ shape: [8] });
    const ctx = { grid, outChannels: 2, probabilistic: false, output: stats };
    const loss = (kind: "rel-l2" | "rel-l2-normalized" | "h1", c: typeof ctx | Omit<typeof ctx, "output"> = ctx) =>
      makeLoss(kind, c)(tf.tensor(p, shape), tf.tensor(y, shape)).dataSync()[0]!;
    expect(Math.abs(loss("rel-l2") - ref)).toBeLessThan(1e-5 * ref);
    expect(Math.abs(loss("rel-l2-normalized") - refNormalised)).toBeLessThan(1e-5 * refNormalised);
    expect(Math.abs(refNormalised - ref)).toBeGreaterThan(0.1 * ref);
    // H1 with stats on normalised tensors = H1 without stats on the physical tensors.
    const h1Phys = makeLoss("h1", { grid, outChannels: 2, probabilistic: false })(tf.tensor(Float32Array.from(pp), shape), tf.tensor(Float32Array.from(yp), shape)).dataSync()[0]!;
    expect(Math.abs(loss("h1") - h1Phys)).toBeLessThan(1e-5 * h1Phys);
  });

  it("mse is the mean squared difference", () => {
    let ref = 0;
    for (let k = 0; k < 48; k++) ref += (p[k]! - y[k]!) ** 2 / 48;
    expect(Math.abs(mseLoss(tf.tensor(p, shape), tf.tensor(y, shape)).dataSync()[0]! - ref)).toBeLessThan(1e-6 * ref);
  });

  it("Gaussian NLL uses the mean channels then the variance channels", () => {
    // Output channels: 2 means then 2 variances; target has 2 channels.
    const out = values(3 * 8 * 4, 3).map((v, i) => (i % 4 >= 2 ? 0.1 + v * v : v));
    let ref = 0;
    for (let q = 0; q < 24; q++)
      for (let c = 0; c < 2; c++) {
        const mu = out[q * 4 + c]!;
        const v = out[q * 4 + 2 + c]! + 1e-6;
        ref += 0.5 * (Math.log(2 * Math.PI * v) + (y[q * 2 + c]! - mu) ** 2 / v) / 48;
      }
    const got = gaussianNllLoss(tf.tensor(out, [3, 8, 4]), tf.tensor(y, shape), 2).dataSync()[0]!;
    expect(Math.abs(got - ref)).toBeLessThan(1e-5 * Math.abs(ref));
  });

  it("NLL needs a probabilistic model", () => {
    const grid = makeGrid({ shape: [8] });
    expect(() => makeLoss("nll", { grid, outChannels: 2, probabilistic: false })).toThrow(/config\.loss needs a probabilistic model/);
    try {
      makeLoss("nll", { grid, outChannels: 2, probabilistic: false });
    } catch (e) {
      expect(isPdesError(e, "InvalidArgument")).toBe(true);
    }
  });
});

describe("H1 loss", () => {
  it("differentiates trigonometric polynomials exactly on periodic axes", () => {
    const grid = makeGrid({ shape: [16], lengths: 2 });
    const x = gridPoints(grid, 0);
    const k = (2 * Math.PI * 3) / 2;
    const D = derivativeMatrix(grid, 0);
    for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let l = 0; l < 16; l++) s += D[j * 16 + l]! * Math.sin(k * x[l]!);
      expect(Math.abs(s - k * Math.cos(k * x[j]!))).toBeLessThan(1e-4 * k);
    }
  });

  it("differentiates linear functions exactly with finite differences on Dirichlet axes", () => {
    const grid = makeGrid({ shape: [9], lengths: 1, bc: "dirichlet" });
    const x = gridPoints(grid, 0);
    const D = derivativeMatrix(grid, 0);
    for (let j = 0; j < 9; j++) {
      let s = 0;
      for (let l = 0; l < 9; l++) s += D[j * 9 + l]! * (3 * x[l]! - 1);
      expect(s).toBeCloseTo(3, 4);
    }
  });

  it("equals the analytic relative H1 norm for Fourier modes (2-D, batch of 2)", () => {
    const grid = makeGrid({ shape: [8, 16], lengths: [1, 1] });
    const x = gridPoints(grid, 0);
    const z = gridPoints(grid, 1);
    const k1 = 2 * Math.PI * 1;
    const k2 = 2 * Math.PI * 2;
    const amp = [0.3, 0.05];
    const y = new Float32Array(2 * 128);
    const p = new Float32Array(2 * 128);
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < 8; i++)
        for (let j = 0; j < 16; j++) {
          const q = b * 128 + i * 16 + j;
          y[q] = Math.cos(k1 * x[i]!);
          p[q] = y[q]! + amp[b]! * Math.sin(k2 * z[j]!);
        }
    // ‖e‖²_H1/‖y‖²_H1 = a²(1 + k2²)/(1 + k1²): the error varies along axis 1, the target along axis 0.
    const ref = amp.reduce((s, a) => s + a * Math.sqrt((1 + k2 * k2) / (1 + k1 * k1)), 0) / 2;
    const got = h1Loss(grid)(tf.tensor(p, [2, 8, 16, 1]), tf.tensor(y, [2, 8, 16, 1])).dataSync()[0]!;
    expect(Math.abs(got - ref)).toBeLessThan(1e-5 * ref);
  });

  it("has gradients (trainable through autodiff)", () => {
    const grid = makeGrid({ shape: [8] });
    const y = tf.tensor(values(8, 5), [1, 8, 1]);
    const g = tf.grad((p: tf.Tensor) => h1Loss(grid)(p, y))(tf.tensor(values(8, 6), [1, 8, 1]));
    const d = g.dataSync();
    expect(d.every(Number.isFinite)).toBe(true);
    expect(Math.max(...d.map(Math.abs))).toBeGreaterThan(0);
  });
});
