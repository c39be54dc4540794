/**
 * Even reflection of Dirichlet axes for the heat filter of hidden features (docs/gsnn.md §Walls
 * of hidden features). The sine basis filters the odd extension: heat flow with zero wall
 * values, right for a solution that vanishes there, wrong for a hidden feature that does not
 * (a constant channel decays to 0 within ~τ of each wall, and on data with nonzero boundary
 * values every filtered feature carries that boundary layer). Reflecting instead filters
 * with zero wall flux: the feature keeps its level up to the wall.
 *
 * On the interior layout (n points x_j = j·h, j = 1..n, h = L/(n + 1)) the wall values v_0,
 * v_{n+1} are not stored: they are extrapolated with zero slope, v_0 = (4v_1 − v_2)/3 (the even
 * quadratic through v_1, v_2), and the axis is extended to v_0 … v_{n+1} v_n … v_1, 2(n + 1)
 * points spanning 2L, on which the Fourier heat filter with period 2L has exactly the sine and
 * cosine bases' wavenumbers πm/L at every resolution.
 */
import * as tf from "@tensorflow/tfjs";
import type { BoundaryCondition } from "../core/index.js";

/** The wall value of an even extension beyond `a` (first stored point) and `b` (second): (4a − b)/3. */
function wallValue(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.div(tf.sub(tf.mul(a, 4), b), 3);
}

/**
 * `x` `[B, ...spatial, C]` with every Dirichlet axis (interior layout, n ≥ 2 points) extended to
 * its even reflection about both walls (2(n + 1) points); other axes untouched.
 */
export function reflectDirichlet(x: tf.Tensor, bc: readonly BoundaryCondition[]): tf.Tensor {
  return tf.tidy(() => {
    let y = x;
    bc.forEach((b, a) => {
      if (b !== "dirichlet") return;
      const ax = a + 1;
      const n = y.shape[ax]!;
      const take = (start: number, size: number) => tf.slice(y, y.shape.map((_, i) => (i === ax ? start : 0)), y.shape.map((d, i) => (i === ax ? size : d)));
      const lo = n >= 2 ? wallValue(take(0, 1), take(1, 1)) : take(0, 1);
      const hi = n >= 2 ? wallValue(take(n - 1, 1), take(n - 2, 1)) : take(n - 1, 1);
      y = tf.concat([lo, y, hi, tf.reverse(y, ax)], ax);
    });
    return y;
  });
}

/** The stored points back out of reflectDirichlet's extension (`spatial`: the unextended sizes). */
export function cropReflected(y: tf.Tensor, bc: readonly BoundaryCondition[], spatial: readonly number[]): tf.Tensor {
  const begin = y.shape.map((_, i) => (i === 0 || i === y.rank - 1 || bc[i - 1] !== "dirichlet" ? 0 : 1));
  const size = y.shape.map((d, i) => (i === 0 || i === y.rank - 1 ? d : spatial[i - 1]!));
  return tf.slice(y, begin, size);
}

/** Boundary conditions and lengths of the extended grid: reflected Dirichlet axes become periodic with period 2L. */
export function reflectedAxes(bc: readonly BoundaryCondition[], lengths: readonly number[]): { bc: BoundaryCondition[]; lengths: number[] } {
  return {
    bc: bc.map((b) => (b === "dirichlet" ? "periodic" : b)),
    lengths: lengths.map((L, a) => (bc[a] === "dirichlet" ? 2 * L : L)),
  };
}
