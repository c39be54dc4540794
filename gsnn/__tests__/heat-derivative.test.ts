/**
 * HeatDerivativeFilter layer: output layout (channel c·D + d) against the functional op, the
 * variance path against the exact Σ_j A_ij² v_j of the Float64 operator matrix
 * (derivative-reference.ts), and bad arguments (tagged errors naming the argument).
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { isPdesError, sampleRng, type ErrorTag } from "../../core/index.js";
import { HeatDerivativeFilter, heatDerivative } from "../index.js";
import { axisOperator } from "./derivative-reference.js";
import { relMaxError } from "./rel-error.js";

describe("HeatDerivativeFilter", () => {
  it("outputs the functional op with its learned τ, normalised by τ^|m| by default", () => {
    const C = 3;
    const layer = new HeatDerivativeFilter({ lengths: [2], orders: [[0], [1], [2]], tauInit: 0.05 });
    const x = tf.tensor(sampleRng(1, 0).fillNormal(new Float32Array(2 * 40 * C)), [2, 40, C]);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 40, C * 3]);
    expect(Array.from(layer.taus())).toEqual(new Array(3 * C).fill(Math.fround(Math.exp(Math.fround(Math.log(0.05))))));
    const ref = heatDerivative(x, tf.fill([3, C], layer.taus()[0]! ** 2), { lengths: [2], orders: [[0], [1], [2]], normalized: true });
    expect(relMaxError(y.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, y, ref]);
  });

  it("variance path: Var y_i = Σ_j A_ij² v_j for the derivative operator A (periodic, 1-D)", () => {
    const n = 24;
    const L = 1;
    const orders = [[1], [2]];
    const tau = 0.04;
    const layer = new HeatDerivativeFilter({ lengths: [L], orders, tauInit: tau, probabilistic: true, normalized: false });
    const rng = sampleRng(3, 0);
    const mean = rng.fillNormal(new Float32Array(n));
    const v = Float32Array.from({ length: n }, () => 0.1 + rng.uniform());
    const xin = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      xin[2 * i] = mean[i]!;
      xin[2 * i + 1] = v[i]!;
    }
    const out = tf.tidy(() => (layer.apply(tf.tensor(xin, [1, n, 2])) as tf.Tensor).dataSync());
    const t = layer.taus()[0]! ** 2;
    orders.forEach((m, d) => {
      const A = axisOperator(n, L, "periodic", m[0]!, t);
      const ref = Float64Array.from({ length: n }, (_, i) => {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j]! ** 2 * v[j]!;
        return s;
      });
      const got = Float64Array.from({ length: n }, (_, i) => out[i * 4 + 2 + d]!); // [mean d0, mean d1, var d0, var d1]
      expect(relMaxError(got, ref), `order ${m}`).toBeLessThan(1e-5);
    });
  });

  it("refuses odd orders on Dirichlet/Neumann axes, orders above 2, and a variance path off periodic grids", () => {
    const tagged = (fn: () => unknown, tag: string, text: string) => {
      try {
        fn();
      } catch (e) {
        expect(isPdesError(e, tag as ErrorTag), String(e)).toBe(true);
        expect((e as Error).message).toContain(text);
        return;
      }
      throw new Error("did not throw");
    };
    tagged(() => new HeatDerivativeFilter({ lengths: [1], bc: ["dirichlet"], orders: [[1]] }), "Unsupported", "odd derivative along a dirichlet axis");
    tagged(() => new HeatDerivativeFilter({ lengths: [1], orders: [[3]] }), "InvalidArgument", "orders[0]");
    tagged(() => new HeatDerivativeFilter({ lengths: [1, 1], orders: [[1]] }), "InvalidArgument", "orders[0]");
    tagged(() => new HeatDerivativeFilter({ lengths: [1], bc: ["neumann"], orders: [[2]], probabilistic: true }), "InvalidArgument", "bc");
    tagged(() => new HeatDerivativeFilter({ lengths: [1], tauInit: -1 }), "InvalidArgument", "tauInit");
    tagged(() => heatDerivative(tf.zeros([1, 8, 2]), tf.ones([2, 3]), { lengths: [1], orders: [[1], [2]] }), "ShapeMismatch", "t");
  });
});
