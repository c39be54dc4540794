/**
 * Heat-kernel derivative filters (docs/gsnn.md §Derivative filters): channel c, derivative
 * d = (m_1, …, m_D) is multiplied in spectral space by Π_a (i k_a)^{m_a} · exp(−t_dc |k|²),
 * i.e. ∂^m e^{tΔ} — the derivatives of the Gaussian delta sequence, so a layer represents a
 * smoothed first or second derivative with a learned scale τ = √t. With `normalized` the
 * output is τ^{|m|} ∂^m e^{τ²Δ} x, whose multiplier is bounded by (|m|/2e)^{|m|/2} whatever τ
 * (scale-normalised derivatives): a following linear layer supplies the physical factor.
 *
 * Boundary conditions: a periodic (Fourier) axis takes any order; the Nyquist row of an even
 * axis is zeroed for odd orders (its derivative is not real). On a Dirichlet (sine) or Neumann
 * (cosine) axis only even orders are defined here: ∂² maps a sine series to a sine series and a
 * cosine series to a cosine series (multiplier −k²), while ∂ maps sine ↔ cosine, a series on the
 * other grid and with the other boundary condition, so odd orders there are refused.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, UnsupportedError, type BoundaryCondition } from "../core/index.js";
import {
  fusedKernelsAvailable,
  heatDerivativeFilter,
  spectralFilter,
  spectralTransform,
  type SpectralImplementation,
  type SpectralTransform,
} from "../operators/index.js";
import { fullTransform } from "./squared-kernel.js";
import { basesForBc } from "./tau.js";

/** Derivative orders per spatial axis, e.g. [1] (∂x), [2] (∂xx), [1, 1] (∂x∂y), [0] (smoothing). */
export type DerivativeOrder = readonly number[];

export interface HeatDerivativeOptions {
  /** Physical domain length per spatial axis. */
  lengths: readonly number[];
  /** Boundary condition per spatial axis, default periodic. */
  bc?: readonly BoundaryCondition[];
  /** Derivatives to output (D of them); total order 0 … 2. */
  orders: readonly DerivativeOrder[];
  /** Multiply derivative d by τ^{|m|} (scale-normalised). Default false. */
  normalized?: boolean;
  implementation?: SpectralImplementation;
}

/** Validates orders against the grid's boundary conditions (throws naming the bad entry). */
export function checkDerivativeOrders(orders: readonly DerivativeOrder[], bc: readonly BoundaryCondition[]): void {
  const d = bc.length;
  if (!Array.isArray(orders) || orders.length === 0) throw new InvalidArgumentError("orders", orders, "must be a non-empty array of per-axis derivative orders");
  orders.forEach((m, i) => {
    if (!Array.isArray(m) || m.length !== d || m.some((v) => !Number.isInteger(v) || v < 0) || m.reduce((s, v) => s + v, 0) > 2)
      throw new InvalidArgumentError(`orders[${i}]`, m, `must be ${d} integers >= 0 with total order <= 2`);
    m.forEach((v, a) => {
      if (v % 2 === 1 && bc[a] !== "periodic")
        throw new UnsupportedError(
          `orders[${i}] = [${m.join(", ")}]: an odd derivative along a ${bc[a]} axis maps sine to cosine series (another grid and boundary condition); use even orders there or a periodic axis`,
        );
    });
  });
}

/** Signed angular wavenumber of each spectral row per axis; odd-order Nyquist rows get 0 separately. */
function axisWavenumbers(t: SpectralTransform, lengths: readonly number[]): Float64Array[] {
  return t.frequencies.map((f, a) => {
    const c = (t.bases[a] === "fourier" ? 2 * Math.PI : Math.PI) / lengths[a]!;
    return Float64Array.from(f, (m) => c * m);
  });
}

/**
 * Per derivative d: the real factor P_d(k) = s · Π_a k_a^{m_a} on the spectral grid
 * (`[...modeShape]`, flattened) and whether the full factor i^{|m|} P is imaginary. s folds the
 * real part of i^{|m|} (−1 for |m| = 2, +1 otherwise; |m| = 1 is i·Π k).
 */
function derivativeFactors(t: SpectralTransform, lengths: readonly number[], orders: readonly DerivativeOrder[]) {
  const ks = axisWavenumbers(t, lengths);
  const shape = t.modeShape;
  const size = shape.reduce((p, q) => p * q, 1);
  const k2 = new Float32Array(size);
  const factors = orders.map((m) => {
    const total = m.reduce((s, v) => s + v, 0);
    const f = new Float32Array(size);
    for (let idx = 0; idx < size; idx++) {
      let rest = idx;
      let p = total === 2 ? -1 : 1;
      let q = 0;
      for (let a = shape.length - 1; a >= 0; a--) {
        const row = rest % shape[a]!;
        rest = (rest - row) / shape[a]!;
        const k = ks[a]![row]!;
        q += k * k;
        const n = t.spatialShape[a]!;
        // A real field's odd derivative has no Nyquist component (its sign is ambiguous).
        const nyquist = t.bases[a] === "fourier" && n % 2 === 0 && Math.abs(t.frequencies[a]![row]!) === n / 2;
        p *= m[a]! % 2 === 1 && nyquist ? 0 : k ** m[a]!;
      }
      f[idx] = p;
      k2[idx] = q;
    }
    return { f, odd: total % 2 === 1 };
  });
  return { k2, factors };
}

function checkArgs(x: tf.Tensor, t: tf.Tensor, opts: HeatDerivativeOptions): { bc: BoundaryCondition[]; D: number; C: number } {
  const spatial = x.shape.slice(1, -1);
  const C = x.shape[x.rank - 1]!;
  if (opts.lengths.length !== spatial.length)
    throw new InvalidArgumentError("lengths", opts.lengths, `must have one entry per spatial axis of x (${spatial.length})`);
  const bc = [...(opts.bc ?? new Array<BoundaryCondition>(spatial.length).fill("periodic"))];
  checkDerivativeOrders(opts.orders, bc);
  const D = opts.orders.length;
  if (t.rank !== 2 || t.shape[0] !== D || t.shape[1] !== C) throw new ShapeMismatchError("t", t.shape, [D, C]);
  return { bc, D, C };
}

/**
 * Derivative filters of `x` `[batch, ...spatial, C]` with diffusion times `t = τ²` `[D, C]`:
 * output `[batch, ...spatial, C·D]`, channel c·D + d = (τ_dc^{|m|}) ∂^{m_d} e^{t_dc Δ} x_c.
 * Differentiable w.r.t. x and t.
 */
export function heatDerivative(x: tf.Tensor, t: tf.Tensor, opts: HeatDerivativeOptions): tf.Tensor {
  const { bc, D, C } = checkArgs(x, t, opts);
  return tf.tidy(() => {
    const spatial = x.shape.slice(1, -1);
    const tr = spectralTransform({ spatialShape: spatial, bases: basesForBc(bc), implementation: opts.implementation });
    const { k2, factors } = derivativeFactors(tr, opts.lengths, opts.orders);
    const ms = tr.modeShape;
    const k2t = tf.tensor(k2, [...ms, 1, 1]);
    const g = tf.exp(tf.neg(tf.mul(k2t, tf.transpose(t)))); // [...modes, C, D]
    const scale = opts.normalized ? tf.pow(tf.sqrt(tf.transpose(t)), tf.tensor1d(opts.orders.map((m) => m.reduce((s, v) => s + v, 0)))) : null;
    const fr = tf.tensor(concatFactors(factors, false), [...ms, 1, D]);
    const fi = tf.tensor(concatFactors(factors, true), [...ms, 1, D]);
    const mr = scale ? tf.mul(tf.mul(fr, g), scale) : tf.mul(fr, g); // even part: multiplies re → re, im → im
    const mi = scale ? tf.mul(tf.mul(fi, g), scale) : tf.mul(fi, g); // odd part i·P: re → im, im → −re
    const s = tr.forward(x);
    const outShape = [...s.re.shape.slice(0, -1), C * D];
    const re4 = tf.expandDims(s.re, -1);
    const im4 = s.im ? tf.expandDims(s.im, -1) : null;
    let re = tf.mul(re4, mr);
    let im = im4 ? tf.mul(im4, mr) : null;
    if (im4 && factors.some((f) => f.odd)) {
      re = tf.sub(re, tf.mul(im4, mi));
      im = tf.add(im!, tf.mul(re4, mi));
    }
    return tr.inverse({ re: tf.reshape(re, outShape), im: im ? tf.reshape(im, outShape) : null });
  });
}

/**
 * heatDerivative with log τ `[D, C]` in place of t = τ²: on wasm and cpu (implementation
 * "auto") one fused kernel per direction that also forms the multiplier and the gradient
 * w.r.t. log τ (operators heatDerivativeFilter; docs/operators-spectral.md §Fused kernels);
 * elsewhere heatDerivative(x, exp(2·logTau)), the reference path. Same values to float32
 * round-off.
 */
export function heatDerivativeLogTau(x: tf.Tensor, logTau: tf.Tensor, opts: HeatDerivativeOptions): tf.Tensor {
  const { bc } = checkArgs(x, logTau, opts);
  if ((opts.implementation ?? "auto") !== "auto" || !fusedKernelsAvailable("filter") || !fusedKernelsAvailable("derivative"))
    return tf.tidy(() => heatDerivative(x, tf.exp(tf.mul(logTau, 2)), opts));
  return heatDerivativeFilter(x, logTau, { lengths: opts.lengths, bases: basesForBc(bc), orders: opts.orders, normalized: opts.normalized ?? false });
}

/** P_d laid out `[size, D]` (row-major), keeping the even (odd = false) or odd derivatives only. */
function concatFactors(factors: { f: Float32Array; odd: boolean }[], odd: boolean): Float32Array {
  const D = factors.length;
  const size = factors[0]!.f.length;
  const out = new Float32Array(size * D);
  factors.forEach(({ f, odd: o }, d) => {
    if (o !== odd) return;
    for (let i = 0; i < size; i++) out[i * D + d] = f[i]!;
  });
  return out;
}

/**
 * Variance through the derivative filters for inputs independent across grid points: channel
 * c·D + d of the output is v_c filtered by the squared kernel g_dc² of filter (d, c) (its
 * multiplier DFT(g²)/DFT(δ), computed on the grid as in squared-kernel.ts; g² is even even
 * when g is odd, so the multiplier is real). Periodic axes only.
 */
export function heatDerivativeVariance(v: tf.Tensor, t: tf.Tensor, opts: HeatDerivativeOptions): tf.Tensor {
  const { bc, D, C } = checkArgs(v, t, opts);
  if (bc.some((b) => b !== "periodic")) throw new UnsupportedError(`the variance path needs periodic axes; got [${bc.join(", ")}]`);
  return tf.tidy(() => {
    const spatial = v.shape.slice(1, -1);
    const size = spatial.reduce((p, q) => p * q, 1);
    const deltaData = new Float32Array(size * C);
    for (let c = 0; c < C; c++) deltaData[c] = 1;
    const delta = tf.tensor(deltaData, [1, ...spatial, C]);
    const g = heatDerivative(delta, t, opts); // [1, ...spatial, C·D]: the kernels
    const full = fullTransform(spatial, bc);
    const unit = new Float32Array(size);
    unit[0] = 1;
    const m = tf.squeeze(tf.div(full.forward(tf.square(g)).re, full.forward(tf.tensor(unit, [1, ...spatial, 1])).re), [0]);
    const vs = tf.reshape(tf.tile(tf.expandDims(v, -1), [...v.shape.map(() => 1), D]), [...v.shape.slice(0, -1), C * D]);
    return spectralFilter(vs, m, full);
  });
}
