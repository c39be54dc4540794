/**
 * Heat-kernel derivative filters against a Float64 reference built from the closed-form bases
 * (derivative-reference.ts): the forward output ∂^m e^{τ²Δ}x (plain and τ^{|m|}-normalised) and
 * the gradients of L = Σ w ⊙ y w.r.t. x (the adjoint operator applied to w) and w.r.t. t = τ²
 * (the filters with −|k|² folded in), on periodic, Dirichlet and Neumann axes, 1-D and 2-D,
 * odd and even sizes, every transform implementation, cpu and wasm; all within 1e-5 of the
 * reference's largest entry.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { sampleRng, type BoundaryCondition } from "../../core/index.js";
import { heatDerivative } from "../heat-derivative-ops.js";
import { applyAxes, axisOperator } from "./derivative-reference.js";
import { relMaxError } from "./rel-error.js";

afterAll(async () => tf.setBackend("cpu"));

interface Case {
  shape: number[];
  lengths: number[];
  bc: BoundaryCondition[];
  orders: number[][];
  impl: "auto" | "matmul" | "fft";
}

const CASES: Case[] = [
  { shape: [32], lengths: [1], bc: ["periodic"], orders: [[0], [1], [2]], impl: "auto" },
  { shape: [32], lengths: [1], bc: ["periodic"], orders: [[1], [2]], impl: "fft" },
  { shape: [33], lengths: [2], bc: ["periodic"], orders: [[1], [2]], impl: "matmul" },
  { shape: [12, 9], lengths: [1, 2], bc: ["periodic", "periodic"], orders: [[1, 0], [0, 1], [1, 1], [2, 0], [0, 2]], impl: "auto" },
  { shape: [8, 16], lengths: [1, 1], bc: ["periodic", "periodic"], orders: [[1, 0], [0, 1], [1, 1]], impl: "fft" },
  { shape: [15], lengths: [2], bc: ["dirichlet"], orders: [[0], [2]], impl: "auto" },
  { shape: [14], lengths: [1], bc: ["neumann"], orders: [[2]], impl: "matmul" },
  { shape: [6, 5], lengths: [1, 1], bc: ["neumann", "dirichlet"], orders: [[2, 0], [0, 2]], impl: "auto" },
];

/** Reference forward output and gradients of L = Σ w ⊙ y. */
function reference(c: Case, x: Float64Array, w: Float64Array, t: Float64Array, B: number, C: number, normalized: boolean) {
  const D = c.orders.length;
  const size = c.shape.reduce((p, q) => p * q, 1);
  const y = new Float64Array(B * size * C * D);
  const gx = new Float64Array(B * size * C);
  const gt = new Float64Array(D * C);
  for (let ch = 0; ch < C; ch++)
    for (let d = 0; d < D; d++) {
      const m = c.orders[d]!;
      const tt = t[d * C + ch]!;
      const total = m.reduce((s, v) => s + v, 0);
      const s = normalized ? tt ** (total / 2) : 1;
      const ds = normalized && total > 0 ? (total / 2) * tt ** (total / 2 - 1) : 0;
      const mats = c.shape.map((n, a) => axisOperator(n, c.lengths[a]!, c.bc[a]!, m[a]!, tt));
      const out = applyAxes(x, B, c.shape, C, ch, mats);
      const wc = Float64Array.from({ length: B * size }, (_, p) => w[p * C * D + ch * D + d]!);
      const back = applyAxes(wc, B, c.shape, 1, 0, mats, true);
      // d/dt of the tensor product: Σ_a (A_a' ⊗ the others).
      const dOut = new Float64Array(B * size);
      c.shape.forEach((n, a) => {
        const dm = mats.map((M, b) => (b === a ? axisOperator(n, c.lengths[a]!, c.bc[a]!, m[a]!, tt, 1) : M));
        applyAxes(x, B, c.shape, C, ch, dm).forEach((v, p) => (dOut[p] += v));
      });
      let g = 0;
      for (let p = 0; p < B * size; p++) {
        y[p * C * D + ch * D + d] = s * out[p]!;
        gx[p * C + ch] += s * back[p]!;
        g += wc[p]! * (s * dOut[p]! + ds * out[p]!);
      }
      gt[d * C + ch] = g;
    }
  return { y, gx, gt };
}

describe.each(["cpu", "wasm"])("heat derivative filters on %s", (backend) => {
  it("forward and gradients (x, t = τ²) equal the Float64 spectral derivative of the heat-filtered field (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const rows: string[] = [];
    for (const [i, c] of CASES.entries())
      for (const normalized of [false, true]) {
        const B = 2;
        const C = 2;
        const D = c.orders.length;
        const size = c.shape.reduce((p, q) => p * q, 1);
        const rng = sampleRng(515, i);
        const x64 = rng.fillNormal(new Float64Array(B * size * C));
        const w64 = rng.fillNormal(new Float64Array(B * size * C * D));
        // τ from about one grid spacing to a tenth of the domain (τ·k_max from ~0.5 to ~30).
        const L = Math.min(...c.lengths);
        const t64 = Float64Array.from({ length: D * C }, () => ((0.02 + 0.08 * rng.uniform()) * L) ** 2);
        const ref = reference(c, x64, w64, t64, B, C, normalized);
        const x = tf.tensor(Float32Array.from(x64), [B, ...c.shape, C]);
        const w = tf.tensor(Float32Array.from(w64), [B, ...c.shape, C * D]);
        const t = tf.tensor2d(Float32Array.from(t64), [D, C]);
        const opts = { lengths: c.lengths, bc: c.bc, orders: c.orders, normalized, implementation: c.impl };
        const y = tf.tidy(() => heatDerivative(x, t, opts));
        const grads = tf.grads((xx: tf.Tensor, tt: tf.Tensor) => tf.sum(tf.mul(w, heatDerivative(xx, tt, opts))));
        const [gx, gt] = grads([x, t]);
        const ey = relMaxError(y.dataSync(), ref.y);
        const egx = relMaxError(gx!.dataSync(), ref.gx);
        const egt = relMaxError(gt!.dataSync(), ref.gt);
        rows.push(`${c.shape.join("×")} ${c.bc.join("/")} ${c.impl}${normalized ? " normalized" : ""}: y ${ey.toExponential(1)}, ∂x ${egx.toExponential(1)}, ∂t ${egt.toExponential(1)}`);
        expect(y.shape).toEqual([B, ...c.shape, C * D]);
        expect(ey, `${rows.at(-1)}`).toBeLessThan(1e-5);
        expect(egx, `${rows.at(-1)}`).toBeLessThan(1e-5);
        expect(egt, `${rows.at(-1)}`).toBeLessThan(1e-5);
        tf.dispose([x, w, t, y, gx!, gt!]);
      }
    console.log(`${backend}:\n` + rows.join("\n"));
  });
});
