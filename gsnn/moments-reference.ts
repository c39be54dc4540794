/**
 * Float64 plain-JS mirror of gsnn/moment-activations.ts, plus moments by direct quadrature of
 * E[h(μ + σZ)] — an independent check of the closed forms. Used by the tests; exported from
 * the area for anyone who needs the moments on the solver side.
 */
import { integrate } from "./quadrature.js";
import { LEAKY_RELU_ALPHA, SIGMOID_PROBIT_SCALE, type GsnnActivation } from "./moment-activations.js";

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x) in Float64: Maclaurin series for |x| < 2.5, erfc continued fraction beyond (≤ 1e−13). */
export function erf64(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * ((2 / SQRT_PI) * sum);
  }
  return Math.sign(x) * (1 - erfcLarge(ax));
}

/** erfc(x) for x ≥ 2.5 by the continued fraction evaluated bottom-up. */
function erfcLarge(x: number): number {
  // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / SQRT_PI / f;
}

export function normCdf64(x: number): number {
  if (x < -2.5 * Math.SQRT2) return 0.5 * erfcLarge(-x * Math.SQRT1_2);
  return 0.5 * (1 + erf64(x * Math.SQRT1_2));
}

export function normPdf64(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Owen's T(h, a), 0 ≤ a ≤ 1, by composite Gauss–Legendre (Float64 round-off). */
export function owensT64(h: number, a: number): number {
  return integrate((x) => Math.exp((-0.5 * h * h) * (1 + x * x)) / (1 + x * x), 0, a, 8, 20) / (2 * Math.PI);
}

export interface Moments64 {
  mean: number;
  variance: number;
}

/** Closed-form moments (same formulas as the tfjs ops, in Float64); `alpha`: leaky ReLU's slope. */
export function activationMoments64(name: GsnnActivation, mu: number, v: number, alpha = LEAKY_RELU_ALPHA): Moments64 {
  switch (name) {
    case "leaky_relu": {
      if (v === 0) return { mean: mu >= 0 ? mu : alpha * mu, variance: 0 };
      const r = activationMoments64("relu", mu, v);
      const P = normCdf64(mu / Math.sqrt(v));
      const b = 1 - alpha;
      return { mean: alpha * mu + b * r.mean, variance: Math.max(0, alpha * alpha * v + b * b * r.variance + 2 * alpha * b * v * P) };
    }
    case "sigmoid": {
      const m = SIGMOID_PROBIT_SCALE * mu;
      const vv = SIGMOID_PROBIT_SCALE * SIGMOID_PROBIT_SCALE * v;
      const p = normCdf64(m / Math.sqrt(1 + vv));
      return { mean: p, variance: Math.max(0, expectedNormCdfSquared64(m, vv) - p * p) };
    }
    case "erf":
      return erfMoments64(mu, v, 1);
    case "tanh":
      return erfMoments64(mu, v, SQRT_PI / Math.SQRT2);
    case "relu": {
      if (v === 0) return { mean: Math.max(0, mu), variance: 0 };
      const s = Math.sqrt(v);
      const z = mu / s;
      const P = normCdf64(z);
      const q = normPdf64(z);
      const mean = mu * P + s * q;
      const variance = v * P + mu * mu * P * (1 - P) + mu * s * q * (1 - 2 * P) - v * q * q;
      return { mean, variance: Math.max(0, variance) };
    }
    case "gelu": {
      const s = Math.sqrt(1 + v);
      const a = mu / s;
      const Pa = normCdf64(a);
      const wa = normPdf64(a) / s;
      const e1 = mu * Pa + v * wa;
      const v1 = v / (1 + v);
      const m1 = mu / (1 + v);
      const s1 = Math.sqrt(1 + v1);
      const Pb = normCdf64(m1 / s1);
      const ePhiPhi = wa * Pb;
      const eXPhiPhi = wa * (m1 * Pb + (v1 * normPdf64(m1 / s1)) / s1);
      const ePhi2 = expectedNormCdfSquared64(mu, v);
      const eXPhi2 = mu * ePhi2 + 2 * v * ePhiPhi;
      const eX2Phi2 = mu * eXPhi2 + v * ePhi2 + 2 * v * eXPhiPhi;
      return { mean: e1, variance: Math.max(0, eX2Phi2 - e1 * e1) };
    }
  }
}

function expectedNormCdfSquared64(mu: number, v: number): number {
  const a = mu / Math.sqrt(1 + v);
  return normCdf64(a) - 2 * owensT64(a, 1 / Math.sqrt(1 + 2 * v));
}

function erfMoments64(mu: number, v: number, c: number): Moments64 {
  const m = c * mu;
  const vv = c * c * v;
  const p = normCdf64(m / Math.sqrt(1 + vv));
  const e2 = expectedNormCdfSquared64(m, vv);
  return { mean: 2 * p - 1, variance: Math.max(0, 4 * (e2 - p * p)) };
}

/** The scalar nonlinearity in Float64 (tanh and the sigmoid are the true functions here). */
export function activation64(name: GsnnActivation, x: number, alpha = LEAKY_RELU_ALPHA): number {
  switch (name) {
    case "leaky_relu":
      return x >= 0 ? x : alpha * x;
    case "sigmoid":
      return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    case "erf":
      return erf64(x * Math.SQRT1_2);
    case "relu":
      return Math.max(0, x);
    case "gelu":
      return x * normCdf64(x);
    case "tanh":
      return Math.tanh(x);
  }
}

/**
 * Moments of h(μ + σZ) by quadrature over z ∈ [−14, 14] (tails below 1e−40), split at the
 * point where the argument is 0 so the ReLU kink sits on a panel boundary.
 */
export function quadratureMoments64(h: (x: number) => number, mu: number, v: number): Moments64 {
  const s = Math.sqrt(v);
  if (s === 0) return { mean: h(mu), variance: 0 };
  const lo = -14;
  const hi = 14;
  const kink = Math.min(hi, Math.max(lo, -mu / s));
  const integ = (g: (z: number) => number): number =>
    (kink > lo ? integrate(g, lo, kink, 32, 20) : 0) + (kink < hi ? integrate(g, kink, hi, 32, 20) : 0);
  const mean = integ((z) => h(mu + s * z) * normPdf64(z));
  const variance = integ((z) => (h(mu + s * z) - mean) ** 2 * normPdf64(z));
  return { mean, variance };
}
