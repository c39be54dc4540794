/**
 * The exact viscous Burgers solution by the Cole–Hopf transform, for the nonlinear solver
 * tests (not a test file itself). For a zero-mean periodic trigonometric polynomial u0 with
 * antiderivative U0, φ0 = exp(−U0/(2ν)) is periodic and positive; φ solves the heat equation
 * φ_t = ν φ_xx, so φ(t) = Σ φ̂_m e^{−ν k_m² t} e^{i k_m x}, and u = −2ν φ_x/φ.
 * φ̂ is a direct DFT of φ0 on `fine` points and φ, φ_x are summed directly at the requested
 * points (no FFT library, so the reference shares no code with the solver).
 */

/** u0(x) = Σ a_m cos(2πmx/L) + b_m sin(2πmx/L), m = 1..M (zero mean). */
export interface TrigPolynomial {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly length: number;
}

export function evalTrig(p: TrigPolynomial, x: number): number {
  let s = 0;
  for (let m = 1; m <= p.a.length; m++) {
    const th = (2 * Math.PI * m * x) / p.length;
    s += p.a[m - 1]! * Math.cos(th) + p.b[m - 1]! * Math.sin(th);
  }
  return s;
}

/** The antiderivative of u0 with zero mean. */
function antiderivative(p: TrigPolynomial, x: number): number {
  let s = 0;
  for (let m = 1; m <= p.a.length; m++) {
    const k = (2 * Math.PI * m) / p.length;
    s += (p.a[m - 1]! * Math.sin(k * x) - p.b[m - 1]! * Math.cos(k * x)) / k;
  }
  return s;
}

/** u(x_j, t) of Burgers with viscosity ν at the points `x`. */
export function coleHopf(p: TrigPolynomial, nu: number, t: number, x: ArrayLike<number>, fine = 512): Float64Array {
  const L = p.length;
  const N = fine;
  const phi0 = new Float64Array(N);
  for (let j = 0; j < N; j++) phi0[j] = Math.exp(-antiderivative(p, (j * L) / N) / (2 * nu));
  // φ̂_m for m = 0..N/2 (φ real: the negative modes are the conjugates).
  const half = N / 2;
  const cr = new Float64Array(half + 1);
  const ci = new Float64Array(half + 1);
  for (let m = 0; m <= half; m++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < N; j++) {
      const th = (2 * Math.PI * ((m * j) % N)) / N;
      sr += phi0[j]! * Math.cos(th);
      si -= phi0[j]! * Math.sin(th);
    }
    const k = (2 * Math.PI * m) / L;
    const damp = Math.exp(-nu * k * k * t) / N;
    cr[m] = sr * damp;
    ci[m] = si * damp;
  }
  const out = new Float64Array(x.length);
  for (let q = 0; q < x.length; q++) {
    let phi = cr[0]!;
    let dphi = 0;
    for (let m = 1; m <= half; m++) {
      const w = m === half ? 1 : 2;
      const k = (2 * Math.PI * m) / L;
      const c = Math.cos(k * x[q]!);
      const s = Math.sin(k * x[q]!);
      // Re[(cr + i ci) e^{ikx}] and its x-derivative
      phi += w * (cr[m]! * c - ci[m]! * s);
      dphi += w * k * (-cr[m]! * s - ci[m]! * c);
    }
    out[q] = (-2 * nu * dphi) / phi;
  }
  return out;
}
