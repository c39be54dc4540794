/**
 * ColeHopfFilter against its Float64 reference (cole-hopf-reference.ts, plain DFT sums): the
 * forward output and the gradients of L = Σ w ⊙ y w.r.t. the input v, log τ, the shift s and log |γ|
 * (central differences of the Float64 reference), on an even and an odd grid, cpu and wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { sampleRng } from "../../core/index.js";
import { ColeHopfFilter } from "../index.js";
import { coleHopfReference } from "./cole-hopf-reference.js";
import { relMaxError } from "./rel-error.js";

afterAll(async () => tf.setBackend("cpu"));

const B = 2;
const C = 2;
const TAU = [0.06, 0.15];
const SHIFT = [0.3, -0.45];
// Channel 0's gain is negative, channel 1's positive (the layer's alternating signs).
const GAIN = [-1.5, 2.5];

describe.each(["cpu", "wasm"])("ColeHopfFilter on %s", (backend) => {
  it.each([
    [16, 1],
    [15, 2],
  ])("n = %i, L = %i: forward ≤ 1e-5 and gradients (v, log τ, s, log |γ|) ≤ 3e-5 of the Float64 reference", async (n, L) => {
    await tf.setBackend(backend);
    await tf.ready();
    const rng = sampleRng(4, n);
    // Exponent range ~1-3 and means ~±1, so the translation moves by a non-integer number of points.
    const v = Float64Array.from(rng.fillNormal(new Float64Array(B * n * C)), (q, i) => 4 * q + (i % C === 0 ? 1 : -0.7));
    const w = rng.fillNormal(new Float64Array(B * n * C));
    const ref = (vv: Float64Array, tau: number[], s: number[], g = GAIN) => coleHopfReference(vv, B, n, C, L, tau, s, g);
    const loss = (vv: Float64Array, tau: number[], s: number[], g = GAIN) => ref(vv, tau, s, g).reduce((a, q, i) => a + q * w[i]!, 0);
    const y64 = ref(v, TAU, SHIFT);

    const layer = new ColeHopfFilter({ length: L, tauMin: TAU[0]!, tauMax: TAU[1]!, gainMin: 1.5, gainMax: 2.5, shiftInit: 0 });
    const vt = tf.variable(tf.tensor(Float32Array.from(v), [B, n, C]));
    layer.apply(vt); // builds: τ and |γ| log-spaced over their ranges, here TAU and GAIN for C = 2
    GAIN.forEach((g, c) => expect(layer.gains()[c]).toBeCloseTo(g, 5));
    layer.setWeights([tf.tensor1d(TAU.map(Math.log)), tf.tensor1d(SHIFT), tf.tensor1d(GAIN.map((g) => Math.log(Math.abs(g))))]);
    const wt = tf.tensor(Float32Array.from(w), [B, n, C]);
    const y = tf.tidy(() => layer.apply(vt) as tf.Tensor);
    const fwd = relMaxError(y.dataSync(), y64);
    const vars = [vt, ...layer.trainableWeights.map((q) => q.read() as tf.Variable)];
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(vt) as tf.Tensor, wt)) as tf.Scalar, vars);

    const h = 1e-6;
    const gv = Float64Array.from(v, (_, i) => {
      const p = v.slice();
      const q = v.slice();
      p[i]! += h;
      q[i]! -= h;
      return (loss(p, TAU, SHIFT) - loss(q, TAU, SHIFT)) / (2 * h);
    });
    const gLogTau = TAU.map((t, c) => {
      const up = TAU.map((u, j) => (j === c ? u * Math.exp(h) : u));
      const dn = TAU.map((u, j) => (j === c ? u * Math.exp(-h) : u));
      return (loss(v, up, SHIFT) - loss(v, dn, SHIFT)) / (2 * h);
    });
    const gShift = SHIFT.map((_, c) => {
      const up = SHIFT.map((u, j) => (j === c ? u + h : u));
      const dn = SHIFT.map((u, j) => (j === c ? u - h : u));
      return (loss(v, TAU, up) - loss(v, TAU, dn)) / (2 * h);
    });
    const gLogGain = GAIN.map((_, c) => {
      const up = GAIN.map((u, j) => (j === c ? u * Math.exp(h) : u));
      const dn = GAIN.map((u, j) => (j === c ? u * Math.exp(-h) : u));
      return (loss(v, TAU, SHIFT, up) - loss(v, TAU, SHIFT, dn)) / (2 * h);
    });
    const errs = {
      forward: fwd,
      v: relMaxError(grads[vt.name]!.dataSync(), gv),
      logTau: relMaxError(grads[vars[1]!.name]!.dataSync(), gLogTau),
      shift: relMaxError(grads[vars[2]!.name]!.dataSync(), gShift),
      logGain: relMaxError(grads[vars[3]!.name]!.dataSync(), gLogGain),
    };
    expect(errs.forward, JSON.stringify(errs)).toBeLessThan(1e-5);
    expect(errs.v, JSON.stringify(errs)).toBeLessThan(3e-5);
    expect(errs.logTau, JSON.stringify(errs)).toBeLessThan(3e-5);
    expect(errs.shift, JSON.stringify(errs)).toBeLessThan(3e-5);
    expect(errs.logGain, JSON.stringify(errs)).toBeLessThan(3e-5);
    // The gradients are not trivially zero.
    expect(Math.min(...[...gLogTau, ...gShift, ...gLogGain].map(Math.abs))).toBeGreaterThan(1e-3);
    tf.dispose([vt, wt, y, ...Object.values(grads)]);
    layer.dispose();
  });
});
