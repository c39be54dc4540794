/**
 * Delta-sequence property of the derivative filters: ∂^m e^{τ²Δ} → ∂^m (the spectral
 * derivative) as τ → 0. For smooth u, ∂^m e^{τ²Δ}u − ∂^m u = τ² ∂^mΔu + O(τ⁴), so the fitted
 * slope of log(relative error) against log τ is 2 and error/τ² tends to ‖∂^mΔu‖/‖∂^m u‖
 * (docs/gsnn.md §Derivative filters). The limits are Float64 spectral derivatives of analytic
 * u (exp(sin 2πx/L) periodic, sin θ·e^{cos θ} Dirichlet, e^{cos θ} Neumann, θ = πx/L; products
 * in 2-D) from the closed-form bases of derivative-reference.ts; the filter runs in float32
 * over relative errors 1e−4 (second derivatives 1e−3) … 3e−2, cpu and wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { makeGrid, sampleOnGrid, type BoundaryCondition } from "../../core/index.js";
import { heatDerivative } from "../heat-derivative-ops.js";
import { applyAxes, axisOperator } from "./derivative-reference.js";

afterAll(async () => tf.setBackend("cpu"));

interface Case {
  shape: number[];
  lengths: number[];
  bc: BoundaryCondition[];
  orders: number[][];
}

const CASES: Case[] = [
  { shape: [64], lengths: [1], bc: ["periodic"], orders: [[1], [2]] },
  { shape: [45], lengths: [2], bc: ["periodic"], orders: [[1], [2]] },
  { shape: [32, 16], lengths: [1, 2], bc: ["periodic", "periodic"], orders: [[1, 0], [0, 1], [1, 1], [0, 2]] },
  { shape: [63], lengths: [1], bc: ["dirichlet"], orders: [[2]] },
  { shape: [64], lengths: [1.5], bc: ["neumann"], orders: [[2]] },
  { shape: [15, 16], lengths: [1, 1], bc: ["dirichlet", "neumann"], orders: [[2, 0], [0, 2]] },
];

function factor(bc: BoundaryCondition, L: number): (x: number) => number {
  if (bc === "periodic") return (x) => Math.exp(Math.sin((2 * Math.PI * x) / L));
  const b = Math.PI / L;
  return bc === "dirichlet" ? (x) => Math.sin(b * x) * Math.exp(Math.cos(b * x)) : (x) => Math.exp(Math.cos(b * x));
}

const rms = (a: ArrayLike<number>): number => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0) / a.length);

function slope(x: number[], y: number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length;
  const my = ly.reduce((a, b) => a + b) / ly.length;
  let num = 0;
  let den = 0;
  lx.forEach((v, i) => {
    num += (v - mx) * (ly[i]! - my);
    den += (v - mx) ** 2;
  });
  return num / den;
}

describe.each(["cpu", "wasm"])("derivative filters → spectral derivatives on %s", (backend) => {
  it("rate 2 in τ and error/τ² → ‖∂^mΔu‖/‖∂^m u‖ on every BC, 1-D and 2-D", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const rows: string[] = [];
    for (const c of CASES) {
      const grid = makeGrid({ shape: c.shape, lengths: c.lengths, bc: c.bc });
      const fs = c.bc.map((b, a) => factor(b, c.lengths[a]!));
      const u = sampleOnGrid(grid, (...x) => x.reduce((p, xa, a) => p * fs[a]!(xa), 1)).data;
      for (const m of c.orders) {
        const op = (q: number[]) => c.shape.map((n, a) => axisOperator(n, c.lengths[a]!, c.bc[a]!, m[a]!, 0, q[a]!));
        const du = applyAxes(u, 1, c.shape, 1, 0, op(c.shape.map(() => 0)));
        const dlap = new Float64Array(du.length);
        c.shape.forEach((_, a) => applyAxes(u, 1, c.shape, 1, 0, op(c.shape.map((_, b) => (a === b ? 1 : 0)))).forEach((v, p) => (dlap[p] += v)));
        const ratio = rms(dlap) / rms(du);
        // Float32 round-off in ∂^m grows like k_max^|m|: second derivatives start at 1e−3.
        const lo = m.reduce((s, v) => s + v, 0) === 1 ? 1e-4 : 1e-3;
        const taus = Array.from({ length: 8 }, (_, j) => Math.sqrt((lo * (3e-2 / lo) ** (j / 7)) / ratio));
        const errs = taus.map((tau) => {
          const y = tf.tidy(() =>
            heatDerivative(tf.tensor(Float32Array.from(u), [1, ...c.shape, 1]), tf.tensor2d([[tau * tau]]), {
              lengths: c.lengths,
              bc: c.bc,
              orders: [m],
            }).dataSync(),
          );
          return rms(Float64Array.from(y, (v, i) => v - du[i]!)) / rms(du);
        });
        const p = slope(taus, errs);
        const limit = errs[0]! / (taus[0]! * taus[0]!) / ratio;
        const label = `${c.shape.join("×")} ${c.bc.join("/")} ∂^[${m.join(",")}]`;
        rows.push(`${label}: slope ${p.toFixed(3)}, (error/τ²)/(‖∂^mΔu‖/‖∂^m u‖) ${limit.toFixed(4)}`);
        expect(Math.abs(p - 2), `${label} slope ${p}`).toBeLessThan(0.05);
        expect(Math.abs(limit - 1), `${label} constant ${limit}`).toBeLessThan(0.02);
      }
    }
    console.log(`${backend}:\n` + rows.join("\n"));
  });
});
