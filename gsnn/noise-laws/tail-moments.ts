/**
 * Partial moments of the standard normal above a threshold, stable in both tails:
 * ψ₁(z) = E[(Z + z)₊] and ψ₂(z) = E[(Z + z)₊²], with the variance ψ₂ − ψ₁² of (Z + z)₊.
 * For z ≥ −4 the closed forms in Φ(z), φ(z) lose under a digit; below −4 they cancel (at z = −10
 * two digits, at −30 all), so there the continued fraction of the Mills ratio
 * M(x) = Φ(−x)/φ(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))), x = −z, is used in the form
 * M = 1/(x + r₁), r₁ = 1/(x + r₂), r₂ = 2/(x + 3/(x + …)), which gives
 * ψ₁ = φ(x)·r₁·M and ψ₂ = φ(x)·r₂·r₁·M without subtraction (docs/noise-laws.md §ReLU).
 */
import { normCdf64, normPdf64 } from "../moments-reference.js";

const CF_FROM = 4;
const CF_TERMS = 80;

/** r₂ = 2/(x + 3/(x + 4/(x + …))) evaluated bottom-up. */
function tailFraction(x: number): number {
  let f = x;
  for (let k = CF_TERMS; k >= 3; k--) f = x + k / f;
  return 2 / f;
}

export interface ReluMoments {
  /** E[(Z + z)₊] */
  m1: number;
  /** Var[(Z + z)₊] */
  v: number;
  /** Φ(z) = P(Z + z > 0) */
  p: number;
}

/** Mean, variance and P(> 0) of (Z + z)₊, Z ~ N(0, 1). */
export function reluStandardMoments(z: number): ReluMoments {
  if (z >= -CF_FROM) {
    const P = normCdf64(z);
    const q = normPdf64(z);
    // Φ + z²Φ(1−Φ) + zφ(1−2Φ) − φ²: no (1 + z²)Φ − (zΦ)² cancellation for large z.
    const v = P + z * z * P * (1 - P) + z * q * (1 - 2 * P) - q * q;
    return { m1: z * P + q, v: Math.max(0, v), p: P };
  }
  const x = -z;
  const r2 = tailFraction(x);
  const r1 = 1 / (x + r2);
  const M = 1 / (x + r1);
  const q = normPdf64(x);
  const m1 = q * r1 * M;
  const m2 = q * r2 * r1 * M;
  return { m1, v: Math.max(0, m2 - m1 * m1), p: q * M };
}
