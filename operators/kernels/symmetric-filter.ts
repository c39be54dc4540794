/**
 * symmetricFilter(x, m, bases): filter every channel of x [B, ...spatial, C] by a real
 * multiplier given per mode class, m [...modes, C] (Fourier axes: |f| = 0..; sine: f = 1..;
 * cosine: f = 0..; classes beyond m's extent are dropped). This is the GSNN heat filter's core
 * (docs/operators-spectral.md §Fused kernels). Differentiable w.r.t. x and m.
 *
 * On wasm and cpu it runs the fused kernel (symmetric-filter-kernel.ts); on other backends it
 * goes through operators/spectral's transforms (`spectralFilter`), which is also the reference
 * the kernel tests compare with.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import { spectralFilter, spectralTransform, type AxisBasis } from "../spectral/index.js";
import { modeClasses } from "./filter-geometry.js";
import { fusedKernelsAvailable } from "./runtime.js";
import { registerSymmetricFilterKernels, SYMMETRIC_FILTER, SYMMETRIC_FILTER_GRAD } from "./symmetric-filter-kernel.js";

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

const ops = new Map<string, (x: tf.Tensor, m: tf.Tensor) => tf.Tensor>();

function fusedOp(bases: readonly AxisBasis[]): (x: tf.Tensor, m: tf.Tensor) => tf.Tensor {
  const key = bases.join(",");
  let op = ops.get(key);
  if (!op) {
    registerSymmetricFilterKernels();
    const attrs = { bases: key };
    op = tf.customGrad(((...args: Args) => {
      const [x, m, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      const [y, spec] = tf.engine().runKernel(SYMMETRIC_FILTER, { x, m }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      save([m, spec!]);
      return {
        value: y!,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
          tf.engine().runKernel(SYMMETRIC_FILTER_GRAD, { dy, spec: saved[1]!, m: saved[0]! }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[],
      };
    }) as CustomGradientFunc) as (x: tf.Tensor, m: tf.Tensor) => tf.Tensor;
    ops.set(key, op);
  }
  return op;
}

/** The reference path: the same filter through operators/spectral's transforms. */
export function symmetricFilterReference(x: tf.Tensor, m: tf.Tensor, bases: readonly AxisBasis[]): tf.Tensor {
  return tf.tidy(() => {
    const spatial = x.shape.slice(1, -1);
    const M = m.shape.slice(0, -1);
    const C = m.shape[m.rank - 1]!;
    // Transform modes: the kept classes, except a first Fourier axis of a 2-D grid, whose rows
    // are signed frequencies: keep them all and gather the class of each row (zero beyond M).
    const twoD = spatial.length === 2;
    const firstFourier = twoD && bases[0] === "fourier";
    const modes = spatial.map((n, a) => (a === 0 && firstFourier ? Math.ceil(n / 2) : Math.min(M[a]!, bases[a] === "fourier" ? Math.floor(n / 2) + 1 : n)));
    // "auto": fft.js where it wins on this backend, else the matMul bases (what the heat filter
    // used before the fused kernel).
    const t = spectralTransform({ spatialShape: spatial, bases: [...bases], modes });
    let mm = m;
    if (firstFourier) {
      const rows = Array.from(t.frequencies[0]!, (f) => Math.min(Math.abs(f), M[0]!));
      const padded = tf.concat([m, tf.zeros([1, ...m.shape.slice(1)])], 0);
      mm = tf.concat(rows.map((r) => tf.slice(padded, [r, 0, 0], [1, -1, -1])), 0);
    }
    return spectralFilter(x, tf.reshape(mm, [...t.modeShape, C]), t);
  });
}

/** Validates and filters; see the module comment. */
export function symmetricFilter(x: tf.Tensor, m: tf.Tensor, bases: readonly AxisBasis[]): tf.Tensor {
  const spatial = x.shape.slice(1, -1);
  const d = spatial.length;
  if (d < 1 || d > 2) throw new ShapeMismatchError("x", x.shape, "[batch, n, C] or [batch, n1, n2, C]");
  if (bases.length !== d) throw new InvalidArgumentError("bases", bases, `must have one entry per spatial axis (${d})`);
  const C = x.shape[x.rank - 1]!;
  if (m.rank !== d + 1 || m.shape[d] !== C) throw new ShapeMismatchError("m", m.shape, `[${spatial.map(() => "modes").join(", ")}, ${C}]`);
  spatial.forEach((n, a) => {
    const max = modeClasses(bases[a]!, n);
    if (m.shape[a]! > max) throw new InvalidArgumentError(`m.shape[${a}]`, m.shape[a], `must be <= ${max} mode classes for a ${bases[a]} axis of ${n} points`);
  });
  if (x.dtype !== "float32" || m.dtype !== "float32") throw new InvalidArgumentError("dtype", [x.dtype, m.dtype], "must be float32");
  if (!fusedKernelsAvailable("filter")) return symmetricFilterReference(x, m, bases);
  return fusedOp(bases)(x, m);
}
