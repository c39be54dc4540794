/**
 * ColeHopfFilter against its Float64 reference (cole-hopf-reference.ts, plain DFT sums): the
 * forward output and the gradients of L = Σ w ⊙ y w.r.t. the input v, log τ and the shift s
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

describe.each(["cpu", "wasm"])("ColeHopfFilter on %s", (backend) => {
  it.each([
    [16, 1],
    [15, 2],
  ])("n = %i, L = %i: forward ≤ 3e-5 and gradients (v, log τ, s) ≤ 2e-4 of the Float64 reference", async (n, L) => {
    await tf.setBackend(backend);
    await tf.ready();
    const rng = sampleRng(4, n);
    // Exponent range ~1-3 and means ~±1, so the translation moves by a non-integer number of points.
    const v = Float64Array.from(rng.fillNormal(new Float64Array(B * n * C)), (q, i) => 8 * q + (i % C === 0 ? 1 : -0.7));
    const w = rng.fillNormal(new Float64Array(B * n * C));
    const ref = (vv: Float64Array, tau: number[], s: number[]) => coleHopfReference(vv, B, n, C, L, tau, s);
    const loss = (vv: Float64Array, tau: number[], s: number[]) => ref(vv, tau, s).reduce((a, q, i) => a + q * w[i]!, 0);
    const y64 = ref(v, TAU, SHIFT);

    const layer = new ColeHopfFilter({ length: L, tauMin: TAU[0]!, tauMax: TAU[1]!, shiftInit: 0 });
    const vt = tf.variable(tf.tensor(Float32Array.from(v), [B, n, C]));
    layer.apply(vt); // builds: log τ log-spaced over [τ_min, τ_max] = TAU for C = 2
    layer.setWeights([tf.tensor1d(TAU.map(Math.log)), tf.tensor1d(SHIFT)]);
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
    const errs = {
      forward: fwd,
      v: relMaxError(grads[vt.name]!.dataSync(), gv),
      logTau: relMaxError(grads[vars[1]!.name]!.dataSync(), gLogTau),
      shift: relMaxError(grads[vars[2]!.name]!.dataSync(), gShift),
    };
    expect(errs.forward, JSON.stringify(errs)).toBeLessThan(3e-5);
    expect(errs.v, JSON.stringify(errs)).toBeLessThan(2e-4);
    expect(errs.logTau, JSON.stringify(errs)).toBeLessThan(2e-4);
    expect(errs.shift, JSON.stringify(errs)).toBeLessThan(2e-4);
    // The gradients are not trivially zero.
    expect(Math.max(...gLogTau.map(Math.abs), ...gShift.map(Math.abs))).toBeGreaterThan(1e-3);
    tf.dispose([vt, wt, y, ...Object.values(grads)]);
    layer.dispose();
  });
});
