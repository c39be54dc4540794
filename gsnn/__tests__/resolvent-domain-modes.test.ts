import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidArgumentError, makeGrid, sampleRng, UnsupportedError, type BoundaryCondition } from "../../core/index.js";
import { buildGsnn, DomainModes, ResolventFilter, resolventFilter } from "../index.js";
import { saveToMemory } from "./save-to-memory.js";
import { relMaxError } from "./rel-error.js";
import { resolventReference } from "./resolvent-reference.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});


describe.each(["cpu", "wasm"])("ResolventFilter on %s", (backend) => {
  it("inverts (1 − Δ/m²) on a manufactured field to float32 round-off (Dirichlet 2-D, periodic 1-D)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    // u = Σ a_pq sin(pπx/Lx) sin(qπy/Ly) on the sine grid; f = (1 − Δ/m²)u analytically.
    const n = [31, 23];
    const L = [1, 0.7];
    const grid = makeGrid({ shape: n, lengths: L, bc: ["dirichlet", "dirichlet"] });
    const masses = [0.5, 3, 40];
    const terms = [
      { p: 1, q: 1, a: 1 },
      { p: 3, q: 2, a: -0.4 },
      { p: 17, q: 9, a: 0.2 },
    ];
    const u = new Float32Array(n[0]! * n[1]! * masses.length);
    const f = new Float32Array(u.length);
    for (let i = 0; i < n[0]!; i++)
      for (let j = 0; j < n[1]!; j++)
        masses.forEach((m, c) => {
          const x = ((i + 1) * L[0]!) / (n[0]! + 1);
          const y = ((j + 1) * L[1]!) / (n[1]! + 1);
          let su = 0;
          let sf = 0;
          for (const t of terms) {
            const k2 = ((t.p * Math.PI) / L[0]!) ** 2 + ((t.q * Math.PI) / L[1]!) ** 2;
            const v = t.a * Math.sin((t.p * Math.PI * x) / L[0]!) * Math.sin((t.q * Math.PI * y) / L[1]!);
            su += v;
            sf += v * (1 + k2 / (m * m));
          }
          u[(i * n[1]! + j) * masses.length + c] = su;
          f[(i * n[1]! + j) * masses.length + c] = sf;
        });
    const out = tf.tidy(() => resolventFilter(tf.tensor(f, [1, ...n, 3]), tf.tensor1d(masses), L, grid.bc).dataSync());
    // f reaches (1 + k²/m²)·|a| ≈ 4e3 at m = 0.5, so float32 round-off is a few ulps of max |f|
    // (measured 4e-8 of it), not of max |u|.
    const maxF = f.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    const err = Array.from(out).reduce((s, v, i) => Math.max(s, Math.abs(v - u[i]!)), 0);
    expect(err / maxF).toBeLessThan(2e-7);
    expect(relMaxError(out, u)).toBeLessThan(2e-4);

    // Periodic 1-D: cos(2πkx/L) is an eigenfunction with |k|² = (2πk/L)².
    const N = 64;
    const m = 5;
    const up = Float32Array.from({ length: N }, (_, j) => Math.cos((2 * Math.PI * 3 * j) / N) + 0.5);
    const fp = Float32Array.from({ length: N }, (_, j) => Math.cos((2 * Math.PI * 3 * j) / N) * (1 + ((2 * Math.PI * 3) / 2) ** 2 / (m * m)) + 0.5);
    const outp = tf.tidy(() => resolventFilter(tf.tensor(fp, [1, N, 1]), tf.tensor1d([m]), [2], ["periodic"]).dataSync());
    expect(relMaxError(outp, up)).toBeLessThan(1e-6);
  });

  const cases: { shape: number[]; lengths: number[]; bc: BoundaryCondition[] }[] = [
    { shape: [15], lengths: [2], bc: ["dirichlet"] },
    { shape: [12], lengths: [1], bc: ["periodic"] },
    { shape: [7, 6], lengths: [1, 0.5], bc: ["dirichlet", "periodic"] },
    { shape: [6, 5], lengths: [1, 1], bc: ["dirichlet", "dirichlet"] },
  ];
  it.each(cases)("forward and gradients (x, log m) match a Float64 dense-basis reference: $bc $shape", async ({ shape, lengths, bc }) => {
    await tf.setBackend(backend);
    await tf.ready();
    const B = 2;
    const C = 3;
    const size = shape.reduce((a, b) => a * b, 1);
    const rng = sampleRng(11, shape.length);
    const x = Float64Array.from(rng.fillNormal(new Float32Array(B * size * C)));
    const w = Float64Array.from(rng.fillNormal(new Float32Array(B * size * C)));
    const logM = Float64Array.from([Math.log(0.7), Math.log(4), Math.log(15)]);
    // Loss Σ (w ⊙ y)², so the gradient depends on y nonlinearly.
    const loss64 = () => {
      const y = resolventReference(x, logM.map(Math.exp), B, shape, lengths, bc);
      return y.reduce((s, v, i) => s + (w[i]! * v) ** 2, 0);
    };
    const fd = (v: Float64Array, h: number) =>
      Float64Array.from(v, (old, i) => {
        v[i] = old + h;
        const up = loss64();
        v[i] = old - h;
        const dn = loss64();
        v[i] = old;
        return (up - dn) / (2 * h);
      });
    const layer = new ResolventFilter({ lengths, bc, massMin: 1, massMax: 1 });
    const xt = tf.tensor(Float32Array.from(x), [B, ...shape, C]);
    layer.apply(xt);
    layer.setWeights([tf.tensor1d(Float32Array.from(logM))]);
    const wt = tf.tensor(Float32Array.from(w), xt.shape);
    const y = layer.apply(xt) as tf.Tensor;
    expect(relMaxError(y.dataSync(), resolventReference(x, logM.map(Math.exp), B, shape, lengths, bc))).toBeLessThan(1e-6);
    const gx = tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.mul(wt, layer.apply(v) as tf.Tensor))))(xt);
    const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.mul(wt, layer.apply(xt) as tf.Tensor))) as tf.Scalar, vars);
    expect(relMaxError(gx.dataSync(), fd(x, 1e-6))).toBeLessThan(1e-4);
    expect(relMaxError(grads[vars[0]!.name]!.dataSync(), fd(logM, 1e-6))).toBeLessThan(1e-4);
    tf.dispose([xt, wt, y, gx, ...Object.values(grads)]);
    layer.dispose();
  });

  it("saves and loads bit for bit (the layer, and a GSNN with blockFilter both and domainModes 2), configs equal, at two resolutions", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const layerModel = tf.sequential({
      layers: [new ResolventFilter({ lengths: [1, 2], bc: ["dirichlet", "periodic"], massMin: 0.5, massMax: 30, inputShape: [null, null, 3] })],
    });
    const grid = makeGrid({ shape: [15, 15], lengths: [1, 1], bc: ["dirichlet", "dirichlet"] });
    const gsnn = buildGsnn({ width: 4, depth: 2, projectionWidth: 8, linearPathTaus: 0, blockFilter: "both", domainModes: 2, seed: 3 }, { grid, inChannels: 1, outChannels: 1 });
    for (const [model, sizes, C] of [
      [layerModel, [[8, 16], [16, 32]], 3],
      [gsnn, [[15, 15], [31, 31]], 1],
    ] as const) {
      tf.tidy(() => model.setWeights(model.getWeights().map((v) => tf.mul(v, 1.3))));
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
      const names = (m: tf.LayersModel) => m.layers.filter((l) => l instanceof ResolventFilter || l instanceof DomainModes).map((l) => l.getConfig());
      expect(names(loaded)).toEqual(names(model));
      expect(names(model).length).toBeGreaterThan(0);
      for (const size of sizes) {
        const x = tf.tensor(sampleRng(5, size[0]!).fillNormal(new Float32Array(2 * size[0]! * size[1]! * C)), [2, ...size, C]);
        const a = model.predict(x) as tf.Tensor;
        const b = loaded.predict(x) as tf.Tensor;
        expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
        tf.dispose([x, a, b]);
      }
      loaded.dispose();
      model.dispose();
    }
  });
});

describe("buildGsnn blockFilter", () => {
  const grid = makeGrid({ shape: [15, 15], lengths: [1, 1], bc: ["dirichlet", "dirichlet"] });
  const ctx = { grid, inChannels: 1, outChannels: 1 };
  it("puts one resolvent filter per block (resolvent, both) and none by default", () => {
    const count = (m: tf.LayersModel) => m.layers.filter((l) => l instanceof ResolventFilter).length;
    const heat = (m: tf.LayersModel) => m.layers.filter((l) => l.getClassName() === "HeatFilter").length;
    for (const [bf, r, h] of [["heat", 0, 3], ["resolvent", 3, 0], ["both", 3, 3]] as const) {
      const m = buildGsnn({ width: 4, depth: 3, linearPathTaus: 0, blockFilter: bf }, ctx);
      expect([count(m), heat(m)]).toEqual([r, h]);
      m.dispose();
    }
  });
  it("domainModes: one DomainModes per block; K = 1 with an identity kernel holds each channel's domain mean at every point", () => {
    const m = buildGsnn({ width: 4, depth: 2, linearPathTaus: 0, domainModes: 2 }, ctx);
    expect(m.layers.filter((l) => l instanceof DomainModes).length).toBe(2);
    m.dispose();
    const x = tf.tensor([1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60], [1, 2, 3, 2]);
    const layer = new DomainModes({ lengths: [1, 1], bc: ["dirichlet", "dirichlet"], modes: 1, units: 2 });
    layer.apply(x);
    layer.setWeights([tf.tensor3d([1, 0, 0, 1], [1, 2, 2])]);
    const y = layer.apply(x) as tf.Tensor;
    // Channel 0 holds 1, 3, 5, 10, 30, 50 (mean 16.5); channel 1 holds 2, 4, 6, 20, 40, 60 (mean 22).
    expect(Array.from(y.dataSync())).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 16.5 : 22)));
    tf.dispose([x, y]);
  });
  it("domainModes K = 3 splits a field in the span of its cosine modes into those modes (to the modes' discrete non-orthogonality)", () => {
    // Points of a Dirichlet axis at (j+1)/(n+1); the discrete cosines are not exactly orthogonal
    // there, so the split is exact only to their discrete cross-correlation, O(1/n): measured 3.8e-2 at n = 63.
    const n = 63;
    const xs = Array.from({ length: n }, (_, j) => (j + 1) / (n + 1));
    const f = (x: number, y: number) => 0.3 + Math.cos(Math.PI * x) * Math.cos(2 * Math.PI * y) - 0.5 * Math.cos(2 * Math.PI * x);
    const field = tf.tensor(Float32Array.from({ length: n * n }, (_, i) => f(xs[Math.floor(i / n)]!, xs[i % n]!)), [1, n, n, 1]);
    // Kernel W_m = e_m: output channel m is mode m of the input.
    const layer = new DomainModes({ lengths: [1, 1], bc: ["dirichlet", "dirichlet"], modes: 3, units: 9 });
    layer.apply(field);
    layer.setWeights([tf.tidy(() => tf.reshape(tf.eye(9), [9, 1, 9]))]);
    const parts = layer.apply(field) as tf.Tensor;
    expect(parts.shape).toEqual([1, n, n, 9]);
    const sum = tf.sum(parts, -1);
    expect(relMaxError(sum.dataSync(), field.dataSync())).toBeLessThan(5e-2);
    // Mode (0, 0) holds the mean; mode (2, 2) (no such component) stays near 0.
    const mode = (m: number) => tf.tidy(() => tf.slice(parts, [0, 0, 0, m], [1, n, n, 1]).dataSync());
    expect(Math.abs(mode(0)[0]! - tf.mean(field).dataSync()[0]!)).toBeLessThan(2e-5); // float32 sums over 3969 points
    expect(Math.max(...Array.from(mode(8)).map(Math.abs))).toBeLessThan(5e-2);
    tf.dispose([field, parts, sum]);
  });
  it("DomainModes forward and gradients (x, kernel) match a Float64 reference to 1e-4", () => {
    // Dirichlet × periodic, 5 × 4 points, C = 2 in, U = 3 out, K = 2: y = Σ_m φ_m (c_m W_m).
    const [n0, n1, C, U, K, B] = [5, 4, 2, 3, 2, 2];
    const P = n0 * n1;
    const M = K * K;
    const x0 = Array.from({ length: n0 }, (_, j) => (j + 1) / (n0 + 1));
    const x1 = Array.from({ length: n1 }, (_, j) => (0.5 * j) / n1); // L = 0.5, periodic: cos(2πp x/L)
    const phi = (m: number, i: number) => Math.cos(Math.PI * Math.floor(m / K) * x0[Math.floor(i / n1)]!) * Math.cos(((2 * Math.PI) / 0.5) * (m % K) * x1[i % n1]!);
    const rng = sampleRng(21, 0);
    const x = Float64Array.from(rng.fillNormal(new Float32Array(B * P * C)));
    const W = Float64Array.from(rng.fillNormal(new Float32Array(M * C * U)));
    const w = Float64Array.from(rng.fillNormal(new Float32Array(B * P * U)));
    const loss64 = () => {
      let s = 0;
      for (let b = 0; b < B; b++) {
        const d = new Float64Array(M * U);
        for (let m = 0; m < M; m++) {
          let nm = 0;
          for (let i = 0; i < P; i++) nm += phi(m, i) ** 2;
          for (let c = 0; c < C; c++) {
            let cm = 0;
            for (let i = 0; i < P; i++) cm += phi(m, i) * x[(b * P + i) * C + c]!;
            for (let u = 0; u < U; u++) d[m * U + u]! += (cm / nm) * W[(m * C + c) * U + u]!;
          }
        }
        for (let i = 0; i < P; i++)
          for (let u = 0; u < U; u++) {
            let y = 0;
            for (let m = 0; m < M; m++) y += phi(m, i) * d[m * U + u]!;
            s += (w[(b * P + i) * U + u]! * y) ** 2;
          }
      }
      return s;
    };
    const fd = (v: Float64Array) =>
      Float64Array.from(v, (old, i) => {
        v[i] = old + 1e-6;
        const up = loss64();
        v[i] = old - 1e-6;
        const dn = loss64();
        v[i] = old;
        return (up - dn) / 2e-6;
      });
    const layer = new DomainModes({ lengths: [1, 0.5], bc: ["dirichlet", "periodic"], modes: K, units: U });
    const xt = tf.tensor(Float32Array.from(x), [B, n0, n1, C]);
    layer.apply(xt);
    layer.setWeights([tf.tensor3d(Float32Array.from(W), [M, C, U])]);
    const wt = tf.tensor(Float32Array.from(w), [B, n0, n1, U]);
    const f = (v: tf.Tensor) => tf.sum(tf.square(tf.mul(wt, layer.apply(v) as tf.Tensor))) as tf.Scalar;
    const lossT = f(xt);
    expect(Math.abs(lossT.dataSync()[0]! - loss64()) / loss64()).toBeLessThan(1e-5);
    const gx = tf.grad(f)(xt);
    const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => f(xt), vars);
    expect(relMaxError(gx.dataSync(), fd(x))).toBeLessThan(1e-4);
    expect(relMaxError(grads[vars[0]!.name]!.dataSync(), fd(W))).toBeLessThan(1e-4);
    tf.dispose([xt, wt, lossT, gx, ...Object.values(grads)]);
  });
  it("refuses an unknown blockFilter and a probabilistic resolvent, naming the option", () => {
    expect(() => buildGsnn({ blockFilter: "green" as "heat" }, ctx)).toThrow(InvalidArgumentError);
    expect(() => buildGsnn({ blockFilter: "green" as "heat" }, ctx)).toThrow(/blockFilter/);
    const periodic = makeGrid({ shape: [16], lengths: [1], bc: ["periodic"] });
    expect(() => buildGsnn({ blockFilter: "resolvent", probabilistic: true }, { grid: periodic, inChannels: 1, outChannels: 1 })).toThrow(UnsupportedError);
    expect(() => new ResolventFilter({ lengths: [1], massMin: 0, massMax: 1 })).toThrow(/massMax/);
    expect(() => buildGsnn({ domainModes: 1, probabilistic: true }, { grid: periodic, inChannels: 1, outChannels: 1 })).toThrow(UnsupportedError);
  });
});
