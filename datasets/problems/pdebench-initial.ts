/**
 * PDEBench's random 1-D initial condition for its diffusion–reaction data (their
 * `init_multi(..., k_tot=4, num_choise_k=2, if_norm=True)`), redrawn from our per-sample Philox
 * stream (so the law, not PDEBench's bytes):
 *
 *   u = Σ_{k=1..4} A_k sin(2π k s_k x/L + φ_k),  A_k ~ U(0, 1), φ_k ~ U(0, 2π),
 *
 * where s_k counts how often k was picked in two independent uniform draws from {1..4} (so an
 * unpicked k adds the constant A_k sin φ_k, and a k picked twice has wavenumber 2k — as in
 * PDEBench); then with probability 0.1 u ← |u|; a random sign; with probability 0.1 a window
 * ½(tanh((x − x_L)/0.01L) − tanh((x − x_R)/0.01L)), x_L ~ U(0.1, 0.45)L, x_R ~ U(0.55, 0.9)L;
 * finally u ← (u − min u)/(max u − min u), into [0, 1].
 * One deviation: PDEBench divides the wavenumbers by x_last − x_first = L − Δx, which makes its
 * u0 slightly non-periodic; we use L, so u0 is periodic like the problem.
 */
import type { Rng } from "../../core/index.js";

const WAVES = 4;
const PICKS = 2;

/** Fill `out` (length n) with a PDEBench-style initial condition at x_j = jL/n (L cancels). */
export function pdebenchInitial(rng: Rng, out: Float64Array): Float64Array {
  const n = out.length;
  const count = new Array<number>(WAVES).fill(0);
  for (let p = 0; p < PICKS; p++) count[rng.int(WAVES)]!++;
  const amp = Array.from({ length: WAVES }, () => rng.uniform());
  const phase = Array.from({ length: WAVES }, () => 2 * Math.PI * rng.uniform());
  for (let j = 0; j < n; j++) {
    const x = j / n;
    let s = 0;
    for (let k = 0; k < WAVES; k++) s += amp[k]! * Math.sin(2 * Math.PI * (k + 1) * count[k]! * x + phase[k]!);
    out[j] = s;
  }
  if (rng.uniform() < 0.1) for (let j = 0; j < n; j++) out[j] = Math.abs(out[j]!);
  if (rng.uniform() < 0.5) for (let j = 0; j < n; j++) out[j] = -out[j]!;
  if (rng.uniform() < 0.1) {
    const xl = 0.1 + 0.35 * rng.uniform();
    const xr = 0.55 + 0.35 * rng.uniform();
    for (let j = 0; j < n; j++) {
      const x = j / n;
      out[j]! *= 0.5 * (Math.tanh((x - xl) / 0.01) - Math.tanh((x - xr) / 0.01));
    }
  }
  return normalizeUnit(out);
}

/** (u − min)/(max − min) in place; a constant field becomes 0. */
export function normalizeUnit(u: Float64Array): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of u) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const range = hi - lo;
  for (let j = 0; j < u.length; j++) u[j] = range > 0 ? (u[j]! - lo) / range : 0;
  return u;
}
