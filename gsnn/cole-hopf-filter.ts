/**
 * ColeHopfFilter: the Cole–Hopf solution operator of viscous Burgers as a layer with learned
 * scales (docs/gsnn.md §Cole–Hopf filter). On a periodic 1-D axis, per channel c of v:
 *
 *   m = mean(v),  φ₀ = exp(γ ∂⁻¹(v − m)),  φ = S_{s·m} e^{τ²∂²} φ₀,  y = m + ∂ log φ / γ
 *
 * with ∂⁻¹ the antiderivative on the nonzero modes (the mean-free part has a periodic one),
 * e^{τ²∂²} the heat filter and S_δ the translation x ↦ x − δ, all spectral; τ, s and the gain γ
 * are learned per channel (τ and |γ| as logs, tau.ts; γ's sign is fixed, alternately − and +
 * over the channels, so either sign of the nonlinearity is always present). For v = u₀,
 * γ = −1/(2ν), τ² = νT and s = T the output is u(T), the viscous Burgers solution
 * u_t + u u_x = ν u_xx from u₀ (Cole–Hopf on the mean-free part, u = m + w(x − mT) for the
 * mean m by Galilean invariance): a network can represent that map exactly, where stacked
 * heat-filter blocks only approximate it (docs/gsnn-claims.md §burgers1d target). As γ → 0 the
 * output tends to the translated heat filter of v (linear advection–diffusion, the GSNN's linear
 * primitive); dividing by γ keeps y in v's units whatever γ, so the gain moves the nonlinearity's
 * strength only. On burgers1d the loss is flat in γ from the linear limit to about half the true
 * |γ| (rel L2 2.5e-3 → 1.9e-3) and drops to 4e-5 at the true γ: the gains start spread over
 * [gainMin, gainMax] because a single channel started near 0 stays in the linear regime; gradient
 * descent from there did not reach the well either, a search does (cole-hopf-fit.ts).
 *
 * Numerics: the exponent is taken relative to its maximum (∂ log φ is unchanged) so φ₀ ∈ (0, 1],
 * and φ is floored at PHI_FLOOR: exact whenever the exponent's range stays below ≈ 13 (on the
 * burgers1d data at the true ν the range is at most 4.6). The Nyquist row of an even grid takes
 * no odd operator (∂⁻¹, ∂) and keeps the real part only. Deterministic; any resolution.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../core/index.js";
import { oneTensor, spectralTransform, type LayerArgs } from "../operators/index.js";
import { logSpaced } from "./tau.js";

/** Smallest φ divided by (φ₀ ≤ 1 after the shift by the exponent's maximum). */
export const PHI_FLOOR = 1e-6;

export interface ColeHopfFilterArgs extends LayerArgs {
  /** Length of the periodic axis. */
  length: number;
  /** Initial τ, log-spaced over the channels. */
  tauMin: number;
  tauMax: number;
  /** Initial |γ|, log-spaced over the channels (signs alternate, channel 0 negative). */
  gainMin: number;
  gainMax: number;
  /** Initial translation time s (per unit mean). Default 0. */
  shiftInit?: number;
}

export class ColeHopfFilter extends tf.layers.Layer {
  static className = "ColeHopfFilter";
  readonly length: number;
  readonly tauMin: number;
  readonly tauMax: number;
  readonly gainMin: number;
  readonly gainMax: number;
  readonly shiftInit: number;
  private logTau: tf.LayerVariable | null = null;
  private shift: tf.LayerVariable | null = null;
  private logGain: tf.LayerVariable | null = null;

  constructor(args: ColeHopfFilterArgs) {
    super(args);
    if (!(args.length > 0) || !Number.isFinite(args.length)) throw new InvalidArgumentError("length", args.length, "must be a finite number > 0");
    if (!(args.tauMin > 0) || !Number.isFinite(args.tauMin)) throw new InvalidArgumentError("tauMin", args.tauMin, "must be a finite number > 0");
    if (!(args.tauMax >= args.tauMin) || !Number.isFinite(args.tauMax))
      throw new InvalidArgumentError("tauMax", args.tauMax, `must be a finite number >= tauMin (${args.tauMin})`);
    if (!(args.gainMin > 0) || !Number.isFinite(args.gainMin)) throw new InvalidArgumentError("gainMin", args.gainMin, "must be a finite number > 0");
    if (!(args.gainMax >= args.gainMin) || !Number.isFinite(args.gainMax))
      throw new InvalidArgumentError("gainMax", args.gainMax, `must be a finite number >= gainMin (${args.gainMin})`);
    const s = args.shiftInit ?? 0;
    if (!Number.isFinite(s)) throw new InvalidArgumentError("shiftInit", s, "must be a finite number");
    this.length = args.length;
    this.tauMin = args.tauMin;
    this.tauMax = args.tauMax;
    this.gainMin = args.gainMin;
    this.gainMax = args.gainMax;
    this.shiftInit = s;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (s.length !== 3) throw new ShapeMismatchError(`${this.name} input`, s.map((v) => v ?? -1), "[batch, n, channels]");
    const C = s[2];
    if (C == null) throw new InvalidArgumentError(`${this.name} input channels`, C, "must be known when the layer is built");
    const init = Float32Array.from(logSpaced(C, this.tauMin, this.tauMax), Math.log);
    this.logTau = this.addWeight("log_tau", [C], "float32", tf.initializers.zeros());
    tf.tidy(() => {
      this.logTau!.write(tf.tensor1d(init));
    });
    this.shift = this.addWeight("shift", [C], "float32", tf.initializers.constant({ value: this.shiftInit }));
    const gains = Float32Array.from(logSpaced(C, this.gainMin, this.gainMax), Math.log);
    this.logGain = this.addWeight("log_gain", [C], "float32", tf.initializers.zeros());
    tf.tidy(() => {
      this.logGain!.write(tf.tensor1d(gains));
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [...((Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const v = oneTensor(inputs);
      if (v.rank !== 3) throw new ShapeMismatchError(`${this.name} input`, v.shape, "[batch, n, channels]");
      const n = v.shape[1]!;
      const C = v.shape[2]!;
      const tr = spectralTransform({ spatialShape: [n], bases: ["fourier"] });
      const M = tr.modeShape[0]!;
      // Angular wavenumbers; the odd operators skip k = 0 (∂⁻¹) and the Nyquist row.
      const k = new Float32Array(M);
      const kOdd = new Float32Array(M);
      const kInv = new Float32Array(M);
      tr.frequencies[0]!.forEach((f, r) => {
        k[r] = (2 * Math.PI * f) / this.length;
        const odd = f !== 0 && !(n % 2 === 0 && Math.abs(f) === n / 2);
        kOdd[r] = odd ? k[r]! : 0;
        kInv[r] = odd ? 1 / k[r]! : 0;
      });
      const kCol = tf.tensor(k, [1, M, 1]);
      const kOddCol = tf.tensor(kOdd, [1, M, 1]);
      const kInvCol = tf.tensor(kInv, [1, M, 1]);
      const m = tf.mean(v, 1, true); // [B, 1, C]
      const signs = Float32Array.from({ length: C }, (_, c) => (c % 2 === 0 ? -1 : 1));
      const gain = tf.mul(tf.tensor(signs, [1, 1, C]), tf.reshape(tf.exp(this.logGain!.read()), [1, 1, C]));
      // ∂⁻¹ on mode k: multiply by 1/(ik) = −i/k (the mean mode drops out).
      const s0 = tr.forward(v);
      const integral = tr.inverse({ re: tf.mul(s0.im!, kInvCol), im: tf.neg(tf.mul(s0.re, kInvCol)) });
      const exponent = tf.mul(integral, gain);
      const phi0 = tf.exp(tf.sub(exponent, tf.max(exponent, 1, true)));
      // Heat filter e^{−τ²k²} and translation by δ = s·m: e^{−ikδ}.
      const s1 = tr.forward(phi0);
      const heat = tf.exp(tf.neg(tf.mul(tf.square(kCol), tf.reshape(tf.exp(tf.mul(this.logTau!.read(), 2)), [1, 1, C]))));
      const theta = tf.neg(tf.mul(kCol, tf.mul(m, tf.reshape(this.shift!.read(), [1, 1, C])))); // [B, M, C]
      const cr = tf.mul(heat, tf.cos(theta));
      const ci = tf.mul(heat, tf.sin(theta));
      const re = tf.sub(tf.mul(s1.re, cr), tf.mul(s1.im!, ci));
      const im = tf.add(tf.mul(s1.re, ci), tf.mul(s1.im!, cr));
      // φ and ∂φ in one inverse transform: ∂ multiplies mode k by ik.
      const both = tr.inverse({
        re: tf.concat([re, tf.neg(tf.mul(im, kOddCol))], 2),
        im: tf.concat([im, tf.mul(re, kOddCol)], 2),
      });
      const [phi, dphi] = tf.split(both, 2, 2);
      return tf.add(m, tf.div(tf.div(dphi!, tf.maximum(phi!, PHI_FLOOR)), gain));
    });
  }

  /** Current τ per channel (a copy, read synchronously). */
  taus(): Float32Array {
    return tf.tidy(() => tf.exp(this.logTau!.read()).dataSync() as Float32Array);
  }

  /** Current gain γ per channel, signs included (a copy, read synchronously). */
  gains(): Float32Array {
    return tf.tidy(() => tf.exp(this.logGain!.read()).dataSync() as Float32Array).map((g, c) => (c % 2 === 0 ? -g : g));
  }

  /** Current translation time s per channel (a copy, read synchronously). */
  shifts(): Float32Array {
    return this.shift!.read().dataSync() as Float32Array;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      length: this.length,
      tauMin: this.tauMin,
      tauMax: this.tauMax,
      gainMin: this.gainMin,
      gainMax: this.gainMax,
      shiftInit: this.shiftInit,
    };
  }
}

tf.serialization.registerClass(ColeHopfFilter);
