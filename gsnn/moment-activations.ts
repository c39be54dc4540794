/**
 * Moment-matched nonlinearities: for X ~ N(μ, σ²) elementwise, the mean and variance of h(X)
 * (docs/gsnn.md §Nonlinearities has the derivations and the error bounds). Float32 tfjs ops,
 * differentiable in μ and σ²; call inside tf.tidy. A Float64 mirror for tests lives in
 * gsnn/moments-reference.ts.
 *
 *   erf   h(x) = erf(x/√2) = 2Φ(x) − 1   exact closed form (Owen's T)
 *   relu  h(x) = max(0, x)               exact closed form
 *   gelu  h(x) = x Φ(x)                  exact closed form (Stein's lemma + Owen's T)
 *   tanh  h(x) = tanh(x)                 moments of erf(√π x / 2) instead: |Δmean| ≤ 0.0354,
 *                                        |Δvar| ≤ 0.0354·(sd_tanh + sd_erf) ≤ 0.0708
 *   leaky_relu h(x) = x (x ≥ 0), αx       exact closed form: αX + (1 − α)·ReLU(X), Stein's lemma
 *   sigmoid h(x) = 1/(1 + e^(−x))        moments of Φ(√(π/8) x) instead (probit matching):
 *                                        |Δmean| ≤ 0.0177, |Δvar| ≤ 0.0177 (docs/noise-laws.md)
 */
import * as tf from "@tensorflow/tfjs";
import { gelu } from "../operators/index.js";
import { expectedNormCdfSquared, normCdf, normPdf } from "./normal-math.js";

export type GsnnActivation = "erf" | "relu" | "gelu" | "tanh" | "leaky_relu" | "sigmoid";
export const GSNN_ACTIVATIONS: readonly GsnnActivation[] = ["erf", "relu", "gelu", "tanh", "leaky_relu", "sigmoid"];

/** sup_x |tanh(x) − erf(√π x/2)| (attained near |x| ≈ 1.38), measured on a 5e−6 grid. */
export const TANH_ERF_MAX_ERROR = 0.03535;
const TANH_ERF_SCALE = Math.sqrt(Math.PI) / 2;
/** Default negative slope of leaky ReLU (PyTorch's). */
export const LEAKY_RELU_ALPHA = 0.01;
/** Slope-matched probit scale of the logistic sigmoid: σ(x) ≈ Φ(√(π/8)·x). */
export const SIGMOID_PROBIT_SCALE = Math.sqrt(Math.PI / 8);
/**
 * sup_x |σ(x) − Φ(√(π/8)x)| = TANH_ERF_MAX_ERROR / 2 exactly: σ(x) = (1 + tanh(x/2))/2 and
 * Φ(√(π/8)x) = (1 + erf(√π (x/2)/2))/2.
 */
export const SIGMOID_PROBIT_MAX_ERROR = TANH_ERF_MAX_ERROR / 2;

export interface Moments {
  mean: tf.Tensor;
  variance: tf.Tensor;
}

/** The deterministic activation h(x) (what a GSNN without the variance path applies); `alpha`: leaky ReLU's slope. */
export function applyActivation(name: GsnnActivation, x: tf.Tensor, alpha = LEAKY_RELU_ALPHA): tf.Tensor {
  switch (name) {
    case "erf":
      return tf.erf(tf.mul(x, Math.SQRT1_2));
    case "relu":
      return tf.relu(x);
    case "gelu":
      return gelu(x); // x·Φ(x), one fused kernel each way on wasm/cpu

    case "tanh":
      return tf.tanh(x);
    case "leaky_relu":
      return tf.leakyRelu(x, alpha);
    case "sigmoid":
      return tf.sigmoid(x);
  }
}

/** Mean and variance of h(X), X ~ N(mean, variance) elementwise; `alpha`: leaky ReLU's slope. */
export function activationMoments(name: GsnnActivation, mean: tf.Tensor, variance: tf.Tensor, alpha = LEAKY_RELU_ALPHA): Moments {
  switch (name) {
    case "erf":
      return erfMoments(mean, variance, 1);
    case "relu":
      return leakyReluMoments(mean, variance, 0);
    case "leaky_relu":
      return leakyReluMoments(mean, variance, alpha);
    case "sigmoid":
      return sigmoidMoments(mean, variance);
    case "gelu":
      return geluMoments(mean, variance);
    case "tanh":
      return erfMoments(mean, variance, Math.SQRT2 * TANH_ERF_SCALE);
  }
}

/**
 * Moments of erf(c X / √2) = 2Φ(cX) − 1. With Y = cX ~ N(cμ, c²σ²):
 * E = 2Φ(a) − 1 and Var = 4(E[Φ(Y)²] − Φ(a)²), a = cμ/√(1+c²σ²).
 */
function erfMoments(mean: tf.Tensor, variance: tf.Tensor, c: number): Moments {
  const m = tf.mul(mean, c);
  const v = tf.mul(variance, c * c);
  const p = normCdf(tf.div(m, tf.sqrt(tf.add(1, v))));
  const e2 = expectedNormCdfSquared(m, v);
  return {
    mean: tf.sub(tf.mul(2, p), 1),
    variance: tf.relu(tf.mul(4, tf.sub(e2, tf.square(p)))),
  };
}

// Keeps σ > 0 so μ/σ and its gradient stay finite when an input variance is exactly 0.
const RELU_EPS = 1e-12;

/**
 * Moments of leaky ReLU Y = αX + (1 − α)·max(0, X) (α = 0: ReLU). With z = μ/σ, ReLU's
 * E = μΦ(z) + σφ(z) and Var = σ²Φ + μ²Φ(1−Φ) + μσφ(1−2Φ) − σ²φ² (a form without the
 * (μ² + σ²) − μ² cancellation); Stein's lemma gives Cov(X, ReLU X) = σ²Φ(z), so
 * Var Y = α²σ² + (1 − α)²·Var ReLU + 2α(1 − α)σ²Φ(z).
 */
function leakyReluMoments(mean: tf.Tensor, variance: tf.Tensor, alpha: number): Moments {
  const v = tf.add(variance, RELU_EPS);
  const s = tf.sqrt(v);
  const z = tf.div(mean, s);
  const P = normCdf(z);
  const q = normPdf(z);
  const e = tf.add(tf.mul(mean, P), tf.mul(s, q));
  const var_ = tf.addN([
    tf.mul(v, P),
    tf.mul(tf.square(mean), tf.mul(P, tf.sub(1, P))),
    tf.mul(tf.mul(mean, s), tf.mul(q, tf.sub(1, tf.mul(2, P)))),
    tf.neg(tf.mul(v, tf.square(q))),
  ]);
  if (alpha === 0) return { mean: e, variance: tf.relu(var_) };
  const b = 1 - alpha;
  return {
    mean: tf.add(tf.mul(alpha, mean), tf.mul(b, e)),
    variance: tf.relu(tf.addN([tf.mul(alpha * alpha, v), tf.mul(b * b, var_), tf.mul(2 * alpha * b, tf.mul(v, P))])),
  };
}

/**
 * Probit-matched moments of the sigmoid: Φ(λX) with λ = √(π/8), X ~ N(μ, σ²). E = Φ(a),
 * a = λμ/√(1 + λ²σ²), and E[Φ(λX)²] by Owen's T as for erf.
 */
function sigmoidMoments(mean: tf.Tensor, variance: tf.Tensor): Moments {
  const m = tf.mul(mean, SIGMOID_PROBIT_SCALE);
  const v = tf.mul(variance, SIGMOID_PROBIT_SCALE * SIGMOID_PROBIT_SCALE);
  const p = normCdf(tf.div(m, tf.sqrt(tf.add(1, v))));
  const e2 = expectedNormCdfSquared(m, v);
  return { mean: p, variance: tf.relu(tf.sub(e2, tf.square(p))) };
}

/**
 * Moments of X Φ(X). Stein's lemma E[(X−μ) g(X)] = σ² E[g'(X)] reduces E[XΦ] and E[X²Φ²] to
 * E[Φ], E[Φ²] (Owen's T), E[Φφ] and E[XΦφ]; the last two use φ(x)·N(x; μ, σ²) =
 * (φ(a)/s)·N(x; μ/(1+σ²), σ²/(1+σ²)) with s = √(1+σ²), a = μ/s.
 */
function geluMoments(mean: tf.Tensor, variance: tf.Tensor): Moments {
  const mu = mean;
  const v = variance;
  const s = tf.sqrt(tf.add(1, v));
  const a = tf.div(mu, s);
  const Pa = normCdf(a);
  const wa = tf.div(normPdf(a), s); // N(0; μ, 1+σ²)
  const e1 = tf.add(tf.mul(mu, Pa), tf.mul(v, wa)); // E[XΦ(X)]

  const v1 = tf.div(v, tf.add(1, v));
  const m1 = tf.div(mu, tf.add(1, v));
  const s1 = tf.sqrt(tf.add(1, v1));
  const b = tf.div(m1, s1);
  const Pb = normCdf(b);
  const ePhiPhi = tf.mul(wa, Pb); // E[Φ(X)φ(X)]
  const eXPhiPhi = tf.mul(wa, tf.add(tf.mul(m1, Pb), tf.div(tf.mul(v1, normPdf(b)), s1))); // E[XΦφ]
  const ePhi2 = expectedNormCdfSquared(mu, v); // E[Φ(X)²]
  const eXPhi2 = tf.add(tf.mul(mu, ePhi2), tf.mul(tf.mul(2, v), ePhiPhi));
  const eX2Phi2 = tf.addN([tf.mul(mu, eXPhi2), tf.mul(v, ePhi2), tf.mul(tf.mul(2, v), eXPhiPhi)]);
  return { mean: e1, variance: tf.relu(tf.sub(eX2Phi2, tf.square(e1))) };
}
