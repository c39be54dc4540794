/**
 * Delta-sequence property of the heat filter: e^{τ²Δ} → identity as τ → 0, on every boundary
 * condition (periodic: Fourier, Dirichlet: sine, Neumann: cosine), 1-D and 2-D, even and odd sizes.
 * For smooth u, e^{τ²Δ}u − u = τ²Δu + O(τ⁴), so ‖e^{τ²Δ}u − u‖ / ‖u‖ ≈ τ²‖Δu‖/‖u‖: the fitted
 * slope of log error against log τ is 2, and error/τ² tends to ‖Δu‖/‖u‖ computed from the
 * analytic Laplacian (docs/gsnn.md §Delta sequence). Checked for the float32 GSNN filter
 * (heatFilter; matmul and FFT implementations; cpu and wasm) over relative errors 1e−4 … 3e−2,
 * and for the Float64 spectral solver e^{tΔ} (solvers' heatSpectral, κ = 1, t = τ²) over
 * 1e−9 … 3e−2. Smooth u: analytic functions whose extensions match the BC (exp(sin 2πx/L);
 * sin θ·e^{cos θ} and e^{cos θ}, θ = πx/L), products in 2-D.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { makeField, makeGrid, sampleOnGrid, type BoundaryCondition } from "../../core/index.js";
import { heatSpectral } from "../../solvers/index.js";
import { heatFilter } from "../heat-filter-ops.js";

/** u and u'' of the 1-D factor for a boundary condition on [0, L]. */
function factor(bc: BoundaryCondition, L: number): { f: (x: number) => number; f2: (x: number) => number } {
  if (bc === "periodic") {
    const a = (2 * Math.PI) / L;
    return { f: (x) => Math.exp(Math.sin(a * x)), f2: (x) => a * a * (Math.cos(a * x) ** 2 - Math.sin(a * x)) * Math.exp(Math.sin(a * x)) };
  }
  const b = Math.PI / L;
  if (bc === "dirichlet") {
    // sin θ·e^{cos θ}: odd and 2π-periodic in θ, so its sine series converges spectrally.
    return {
      f: (x) => Math.sin(b * x) * Math.exp(Math.cos(b * x)),
      f2: (x) => -b * b * Math.sin(b * x) * (1 + 3 * Math.cos(b * x) - Math.sin(b * x) ** 2) * Math.exp(Math.cos(b * x)),
    };
  }
  return { f: (x) => Math.exp(Math.cos(b * x)), f2: (x) => b * b * (Math.sin(b * x) ** 2 - Math.cos(b * x)) * Math.exp(Math.cos(b * x)) };
}

interface Case {
  shape: number[];
  lengths: number[];
  bc: BoundaryCondition[];
  impls: ("matmul" | "fft")[];
}

const CASES: Case[] = [
  { shape: [64], lengths: [1], bc: ["periodic"], impls: ["matmul", "fft"] },
  { shape: [45], lengths: [2], bc: ["periodic"], impls: ["matmul"] },
  { shape: [63], lengths: [1], bc: ["dirichlet"], impls: ["matmul", "fft"] },
  { shape: [40], lengths: [3], bc: ["dirichlet"], impls: ["matmul"] },
  { shape: [64], lengths: [1.5], bc: ["neumann"], impls: ["matmul", "fft"] },
  { shape: [33], lengths: [1], bc: ["neumann"], impls: ["matmul"] },
  { shape: [32, 16], lengths: [1, 2], bc: ["periodic", "periodic"], impls: ["matmul", "fft"] },
  { shape: [24, 15], lengths: [1, 2], bc: ["periodic", "periodic"], impls: ["matmul"] },
  { shape: [15, 16], lengths: [1, 1], bc: ["dirichlet", "neumann"], impls: ["matmul", "fft"] },
  { shape: [20, 17], lengths: [2, 1], bc: ["neumann", "neumann"], impls: ["matmul"] },
  { shape: [19, 24], lengths: [1, 1.5], bc: ["dirichlet", "dirichlet"], impls: ["matmul"] },
  // The model-side transforms do not mix Fourier and real bases; the Float64 solver does.
  { shape: [32, 31], lengths: [1, 2], bc: ["periodic", "dirichlet"], impls: [] },
  { shape: [24, 32], lengths: [2, 1], bc: ["neumann", "periodic"], impls: [] },
];

/** u and Δu on the grid, and ‖Δu‖/‖u‖ (RMS over the grid points). */
function smooth(c: Case): { u: Float64Array; ratio: number } {
  const grid = makeGrid({ shape: c.shape, lengths: c.lengths, bc: c.bc });
  const fs = c.bc.map((b, a) => factor(b, c.lengths[a]!));
  const u = sampleOnGrid(grid, (...x) => x.reduce((p, xa, a) => p * fs[a]!.f(xa), 1)).data;
  const lap = sampleOnGrid(grid, (...x) => x.reduce((s, _, a) => s + x.reduce((p, xb, b) => p * (a === b ? fs[b]!.f2(xb) : fs[b]!.f(xb)), 1), 0)).data;
  return { u, ratio: rms(lap) / rms(u) };
}

function rms(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! ** 2;
  return Math.sqrt(s / a.length);
}

/** Least-squares slope of log y against log x. */
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

/** τ values whose predicted relative errors τ²·ratio are log-spaced over [lo, hi]. */
function taus(ratio: number, lo: number, hi: number, k = 8): number[] {
  return Array.from({ length: k }, (_, j) => Math.sqrt((lo * (hi / lo) ** (j / (k - 1))) / ratio));
}

const label = (c: Case) => `${c.shape.join("×")} ${c.bc.join("/")}`;

describe("Float64 heat solver e^{tΔ} → identity", () => {
  it("rate 2 in τ (1 in t) and error/τ² → ‖Δu‖/‖u‖ on every BC, 1-D and 2-D", () => {
    const rows: string[] = [];
    for (const c of CASES) {
      const grid = makeGrid({ shape: c.shape, lengths: c.lengths, bc: c.bc });
      const { u, ratio } = smooth(c);
      const ts = taus(ratio, 1e-9, 3e-2);
      const errs = ts.map((tau) => {
        const v = heatSpectral(grid, makeField(c.shape, u), { kappa: 1, t: tau * tau }).data;
        return rms(v.map((x, i) => x - u[i]!)) / rms(u);
      });
      const p = slope(ts, errs);
      const limit = errs[0]! / (ts[0]! * ts[0]!);
      rows.push(`${label(c)}: slope ${p.toFixed(4)}, (error/τ²)/(‖Δu‖/‖u‖) − 1 = ${(limit / ratio - 1).toExponential(1)}`);
      expect(Math.abs(p - 2), `${label(c)} slope ${p}`).toBeLessThan(0.02);
      expect(Math.abs(limit / ratio - 1), `${label(c)} constant`).toBeLessThan(1e-4);
    }
    console.log("Float64:\n" + rows.join("\n"));
  });
});

describe.each(["cpu", "wasm"])("float32 GSNN heat filter → identity on %s", (backend) => {
  afterAll(async () => tf.setBackend("cpu"));
  it("rate 2 in τ and error/τ² → ‖Δu‖/‖u‖ (matmul and FFT implementations); τ = 0 is the identity", async () => {
    await tf.setBackend(backend);
    const rows: string[] = [];
    for (const c of CASES) {
      const { u, ratio } = smooth(c);
      const ts = taus(ratio, 1e-4, 3e-2);
      for (const implementation of c.impls) {
        const run = (tau: number) =>
          tf.tidy(() => heatFilter(tf.tensor(Float32Array.from(u), [1, ...c.shape, 1]), tf.tensor1d([tau * tau]), { lengths: c.lengths, bc: c.bc, implementation }).dataSync());
        const errs = ts.map((tau) => rms(run(tau).map((x, i) => x - u[i]!)) / rms(u));
        const p = slope(ts, errs);
        const limit = errs[0]! / (ts[0]! * ts[0]!) / ratio;
        const id = rms(run(0).map((x, i) => x - u[i]!)) / rms(u);
        rows.push(`${label(c)} ${implementation}: slope ${p.toFixed(3)}, (error/τ²)/(‖Δu‖/‖u‖) ${limit.toFixed(4)}, τ = 0: ${id.toExponential(1)}`);
        expect(Math.abs(p - 2), `${label(c)} ${implementation} slope`).toBeLessThan(0.05);
        expect(Math.abs(limit - 1), `${label(c)} ${implementation} constant`).toBeLessThan(0.02);
        expect(id, `${label(c)} ${implementation} identity at τ = 0`).toBeLessThan(1e-6);
      }
    }
    console.log(`${backend}:\n` + rows.join("\n"));
  });
});
