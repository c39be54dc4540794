/**
 * The training loss of one Cole–Hopf channel, in Float64, for the path's search
 * (cole-hopf-fit.ts; docs/gsnn.md §Cole–Hopf filter). Per sample i of x (one input channel):
 *
 *   m = mean(x),  φ₀ = exp(γ ∂⁻¹(x − m) − max),  φ = S_δ e^{τ²∂²} φ₀,  p = m + ∂ log max(φ, PHI_FLOOR) / γ
 *
 * with δ = s·m + d (d = s·b for the layer input v = x + b), the ColeHopfFilter's own formula
 * (Nyquist row without odd operators, floor included) so that the layer reproduces the loss the
 * search saw; γ = 0 is the layer's linear limit p = m + S_δ e^{τ²∂²}(x − m). The output map
 * y ≈ a_o·p + c_o per output channel is fitted in closed form, weighted least squares with
 * weight 1/‖y_i‖² per sample: the mean squared relative L2 error, the square of the training
 * loss's summands. Everything that does not depend on (γ, τ, δ) is computed once: x's spectrum
 * and antiderivative; φ₀'s spectrum once per γ.
 */
import { InvalidArgumentError } from "../core/index.js";
import { PHI_FLOOR } from "./cole-hopf-filter.js";
import { spectrum64, type Spectrum64 } from "./spectrum64.js";

/** Parameters of one Cole–Hopf channel on x: gain γ (0: linear limit), τ, shift s, translation d. */
export interface ColeHopfParams {
  gain: number;
  tau: number;
  shift: number;
  translation: number;
}

export interface ColeHopfLoss {
  /** Mean over samples of ‖a·p_i + c − y_i‖² / ‖y_i‖² (weighted least squares residual). */
  meanSquared: number;
  /** Per output channel: scale a_o and intercept c_o. */
  scale: Float64Array;
  intercept: Float64Array;
}

export class ColeHopfObjective {
  readonly samples: number;
  readonly n: number;
  readonly outChannels: number;
  readonly length: number;
  /** Per-sample mean of x. */
  readonly means: Float64Array;
  private readonly tr: Spectrum64;
  private readonly H: number;
  private readonly k: Float64Array;
  private readonly kOdd: Float64Array;
  private readonly y: Float64Array;
  private readonly w: Float64Array;
  private readonly integral: Float64Array;
  private readonly xRe: Float64Array;
  private readonly xIm: Float64Array;
  private gainNow = Number.NaN;
  private readonly pRe: Float64Array;
  private readonly pIm: Float64Array;
  /** Evaluations of the loss so far (the search's cost). */
  evaluations = 0;

  /**
   * x: `[samples, n]` (one input channel, C order), y: `[samples, n, outChannels]`; length: the
   * periodic axis' length.
   */
  constructor(x: Float64Array, y: Float64Array, samples: number, n: number, outChannels: number, length: number) {
    this.samples = samples;
    this.n = n;
    this.outChannels = outChannels;
    this.length = length;
    const H = (this.H = Math.floor(n / 2));
    this.tr = spectrum64(n);
    this.k = Float64Array.from({ length: H + 1 }, (_, r) => (2 * Math.PI * r) / length);
    // ∂ and ∂⁻¹ skip the mean and the Nyquist row of an even grid (as ColeHopfFilter).
    this.kOdd = this.k.map((v, r) => (r === 0 || (n % 2 === 0 && r === H) ? 0 : v));
    this.y = y;
    this.w = new Float64Array(samples);
    const C = outChannels;
    for (let i = 0; i < samples; i++) {
      let s = 0;
      for (let j = 0; j < n * C; j++) s += y[i * n * C + j]! ** 2;
      if (!(s > 0) || !Number.isFinite(s)) throw new InvalidArgumentError(`y sample ${i}`, s, "must have a finite nonzero norm (the loss is relative)");
      this.w[i] = 1 / s;
    }
    this.means = new Float64Array(samples);
    this.integral = new Float64Array(samples * n);
    this.xRe = new Float64Array(samples * (H + 1));
    this.xIm = new Float64Array(samples * (H + 1));
    this.pRe = new Float64Array(samples * (H + 1));
    this.pIm = new Float64Array(samples * (H + 1));
    const re = new Float64Array(H + 1);
    const im = new Float64Array(H + 1);
    const zRe = new Float64Array(n);
    const zIm = new Float64Array(n);
    const oRe = new Float64Array(n);
    const oIm = new Float64Array(n);
    for (let i = 0; i < samples; i++) {
      let m = 0;
      for (let j = 0; j < n; j++) m += x[i * n + j]! / n;
      if (!Number.isFinite(m)) throw new InvalidArgumentError(`x sample ${i}`, m, "must be finite");
      this.means[i] = m;
      this.tr.forward(x, i * n, re, im);
      this.xRe.set(re, i * (H + 1));
      this.xIm.set(im, i * (H + 1));
      // ∂⁻¹: mode r times 1/(ik) = −i/k on the odd rows.
      zRe.fill(0);
      zIm.fill(0);
      for (let r = 1; r <= H; r++) {
        const kk = this.kOdd[r]!;
        if (kk === 0) continue;
        zRe[r] = im[r]! / kk;
        zIm[r] = -re[r]! / kk;
        zRe[n - r] = zRe[r]!;
        zIm[n - r] = -zIm[r]!;
      }
      this.tr.inverse(zRe, zIm, oRe, oIm);
      this.integral.set(oRe, i * n);
    }
  }

  /** φ₀'s half spectra for gain γ (γ = 0: x − m on the odd rows, the linear limit). */
  private prepare(gain: number): void {
    if (gain === this.gainNow) return;
    const { n, H } = this;
    if (gain === 0) {
      for (let i = 0; i < this.samples; i++)
        for (let r = 0; r <= H; r++) {
          const odd = this.kOdd[r] !== 0;
          this.pRe[i * (H + 1) + r] = odd ? this.xRe[i * (H + 1) + r]! : 0;
          this.pIm[i * (H + 1) + r] = odd ? this.xIm[i * (H + 1) + r]! : 0;
        }
    } else {
      const e = new Float64Array(n);
      const re = new Float64Array(H + 1);
      const im = new Float64Array(H + 1);
      for (let i = 0; i < this.samples; i++) {
        let mx = -Infinity;
        for (let j = 0; j < n; j++) {
          e[j] = gain * this.integral[i * n + j]!;
          if (e[j]! > mx) mx = e[j]!;
        }
        for (let j = 0; j < n; j++) e[j] = Math.exp(e[j]! - mx);
        this.tr.forward(e, 0, re, im);
        this.pRe.set(re, i * (H + 1));
        this.pIm.set(im, i * (H + 1));
      }
    }
    this.gainNow = gain;
  }

  /**
   * Visits each sample's path output p (length n) at the given parameters; returns after the
   * last sample. The callback must not keep p (the buffer is reused).
   */
  private forEachOutput(q: ColeHopfParams, visit: (i: number, p: Float64Array) => void): void {
    this.evaluations++;
    this.prepare(q.gain);
    const { n, H, k, kOdd } = this;
    const heat = k.map((v) => Math.exp(-q.tau * q.tau * v * v));
    const zRe = new Float64Array(n);
    const zIm = new Float64Array(n);
    const oRe = new Float64Array(n);
    const oIm = new Float64Array(n);
    const p = new Float64Array(n);
    const even = n % 2 === 0;
    for (let i = 0; i < this.samples; i++) {
      const m = this.means[i]!;
      const delta = q.shift * m + q.translation;
      // e^{−i k_r δ} by rotation from e^{−i k_1 δ} (k_r = r·k_1).
      const c1 = Math.cos(k[1]! * delta);
      const s1 = -Math.sin(k[1]! * delta);
      let cr = 1;
      let sr = 0;
      for (let r = 0; r <= H; r++) {
        const a = this.pRe[i * (H + 1) + r]! * heat[r]!;
        const b = this.pIm[i * (H + 1) + r]! * heat[r]!;
        const ur = a * cr - b * sr;
        // The Nyquist row keeps its real part.
        const ui = even && r === H && r > 0 ? 0 : a * sr + b * cr;
        // Z = Ψ + i·(ikΨ) = (1 − k)Ψ on r ≥ 0; conj(Ψ)(1 + k) on −r: φ + i∂φ in one inverse.
        const kk = kOdd[r]!;
        zRe[r] = ur * (1 - kk);
        zIm[r] = ui * (1 - kk);
        if (r > 0 && n - r !== r) {
          zRe[n - r] = ur * (1 + kk);
          zIm[n - r] = -ui * (1 + kk);
        }
        const t = cr * c1 - sr * s1;
        sr = cr * s1 + sr * c1;
        cr = t;
      }
      this.tr.inverse(zRe, zIm, oRe, oIm);
      if (q.gain === 0) for (let j = 0; j < n; j++) p[j] = m + oRe[j]!;
      else for (let j = 0; j < n; j++) p[j] = m + oIm[j]! / Math.max(oRe[j]!, PHI_FLOOR) / q.gain;
      visit(i, p);
    }
  }

  /** The loss at q with the output's affine map fitted in closed form. */
  loss(q: ColeHopfParams): ColeHopfLoss {
    const { n, outChannels: C, y, w } = this;
    let spp = 0;
    let sp = 0;
    let s1 = 0;
    const spy = new Float64Array(C);
    const sy = new Float64Array(C);
    const syy = new Float64Array(C);
    this.forEachOutput(q, (i, p) => {
      const wi = w[i]!;
      for (let j = 0; j < n; j++) {
        const pj = p[j]!;
        spp += wi * pj * pj;
        sp += wi * pj;
        s1 += wi;
        for (let o = 0; o < C; o++) {
          const yj = y[(i * n + j) * C + o]!;
          spy[o] += wi * pj * yj;
          sy[o] += wi * yj;
          syy[o] += wi * yj * yj;
        }
      }
    });
    const scale = new Float64Array(C);
    const intercept = new Float64Array(C);
    const det = spp * s1 - sp * sp;
    let r = 0;
    for (let o = 0; o < C; o++) {
      // A singular system (p constant or non-finite) leaves the intercept only.
      const ok = Number.isFinite(det) && det > 1e-12 * spp * s1;
      scale[o] = ok ? (spy[o]! * s1 - sp * sy[o]!) / det : 0;
      intercept[o] = ok ? (spp * sy[o]! - sp * spy[o]!) / det : sy[o]! / s1;
      r += syy[o]! - scale[o]! * spy[o]! - intercept[o]! * sy[o]!;
    }
    const meanSquared = Number.isFinite(r) ? Math.max(r, 0) / this.samples : Infinity;
    return { meanSquared, scale, intercept };
  }

  /** Mean over samples of ‖a·p_i + c − y_i‖ / ‖y_i‖ (the training loss) for a fitted map. */
  meanRelativeL2(q: ColeHopfParams, scale: Float64Array, intercept: Float64Array): number {
    const { n, outChannels: C, y, w } = this;
    let total = 0;
    this.forEachOutput(q, (i, p) => {
      let e = 0;
      for (let j = 0; j < n; j++)
        for (let o = 0; o < C; o++) e += (scale[o]! * p[j]! + intercept[o]! - y[(i * n + j) * C + o]!) ** 2;
      total += Math.sqrt(e * w[i]!);
    });
    return total / this.samples;
  }
}
