/**
 * Φ₂(h, k; ρ) = P(Z₁ ≤ h, Z₂ ≤ k) for standard normals with correlation ρ.
 * - |ρ| ≤ 0.925: Φ₂ = Φ(h)Φ(k) + (1/2π) ∫₀^{asin ρ} exp(−(h² + k² − 2hk sin θ)/(2cos²θ)) dθ
 *   (Drezner & Wesolowsky 1990, as used by Genz 2004), by two 20-node Gauss–Legendre panels: the
 *   integrand is analytic on the interval and its nearest trouble (cos θ = 0) is ≥ 0.39 away.
 * - |ρ| > 0.925: the 1-D integral ∫_{−∞}^{h} φ(z) Φ((k − ρz)/√(1 − ρ²)) dz: closed form where the
 *   inner Φ is saturated (to 9.5e−18), 20-node panels of width ≤ √(1 − ρ²) across its step.
 * - |ρ| = 1 and ρ = 0: closed forms.
 * Checked against Φ₂(0, 0; ρ) = 1/4 + asin(ρ)/2π and against the other branch at |ρ| = 0.925.
 */
import { InvalidArgumentError } from "../../core/index.js";
import { gaussLegendre } from "../quadrature.js";
import { normCdf64, normPdf64 } from "../moments-reference.js";

const SWITCH = 0.925;

export function bivariateNormalCdf(h: number, k: number, rho: number): number {
  if (!(rho >= -1 && rho <= 1)) throw new InvalidArgumentError("rho", rho, "must be a correlation in [-1, 1]");
  if (h === -Infinity || k === -Infinity) return 0;
  if (h === Infinity) return normCdf64(k);
  if (k === Infinity) return normCdf64(h);
  if (rho === 1) return normCdf64(Math.min(h, k));
  if (rho === -1) return Math.max(0, normCdf64(h) + normCdf64(k) - 1);
  if (rho === 0) return normCdf64(h) * normCdf64(k);
  const r = Math.abs(rho) <= SWITCH ? arcsinForm(h, k, rho) : conditionalForm(h, k, rho);
  return Math.min(1, Math.max(0, r));
}

/** Φ₂ by the arcsine integral (|ρ| ≤ 0.925), selectable for tests. */
export function arcsinForm(h: number, k: number, rho: number): number {
  const { x: gx, w: gw } = gaussLegendre(20);
  const top = Math.asin(rho);
  const hk = h * k;
  const hs = 0.5 * (h * h + k * k);
  let sum = 0;
  for (let p = 0; p < 2; p++) {
    const a = (top * p) / 2;
    const half = top / 4;
    for (let q = 0; q < 20; q++) {
      const th = a + half * (1 + gx[q]!);
      const sn = Math.sin(th);
      const c2 = 1 - sn * sn;
      sum += half * gw[q]! * Math.exp((hk * sn - hs) / c2);
    }
  }
  return normCdf64(h) * normCdf64(k) + sum / (2 * Math.PI);
}

/**
 * Φ₂ by conditioning on Z₁ (any 0 < |ρ| < 1), selectable for tests. The inner Φ((k − ρz)/s) is
 * within Φ(−8.5) = 9.5e−18 of 0 or 1 outside |z − k/ρ| ≤ 8.5s/|ρ|: there the integral is a
 * difference of Φ's, and only the transition band is integrated (panels of width ≤ s).
 */
export function conditionalForm(h: number, k: number, rho: number): number {
  const s = Math.sqrt(1 - rho * rho);
  const zc = k / rho;
  const w = (8.5 * s) / Math.abs(rho);
  const lo = zc - w;
  const hi = Math.min(h, zc + w);
  // Saturated part: Φ(inner) = 1 for z < lo when ρ > 0, for z > zc + w when ρ < 0.
  let sum = rho > 0 ? normCdf64(Math.min(h, lo)) : Math.max(0, normCdf64(h) - normCdf64(zc + w));
  if (hi > lo) {
    const n = Math.ceil((hi - lo) / s);
    const { x: gx, w: gw } = gaussLegendre(20);
    const step = (hi - lo) / n;
    for (let p = 0; p < n; p++) {
      const a = lo + p * step;
      let ps = 0;
      for (let q = 0; q < 20; q++) {
        const z = a + 0.5 * step * (1 + gx[q]!);
        ps += gw[q]! * normPdf64(z) * normCdf64((k - rho * z) / s);
      }
      sum += 0.5 * step * ps;
    }
  }
  return sum;
}
